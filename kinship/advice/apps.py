from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "kinship.advice"
    label = "advice"
    verbose_name = "National advice hub: enquiries, advice, articles and callbacks"
