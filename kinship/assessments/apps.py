from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "kinship.assessments"
    label = "assessments"
    verbose_name = "Family-focused wellbeing assessments and the family's written record"
