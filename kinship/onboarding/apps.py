from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "kinship.onboarding"
    label = "onboarding"
    verbose_name = "Organisations joining, and their administrators managing their staff"
