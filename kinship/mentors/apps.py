from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "kinship.mentors"
    label = "mentors"
    verbose_name = "Mentors, short breaks and outreach"
