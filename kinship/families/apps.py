from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "kinship.families"
    label = "families"
    verbose_name = "Households, carers, children, legal arrangements and consent"
