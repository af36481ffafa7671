from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "kinship.entitlements"
    label = "entitlements"
    verbose_name = "What a kinship family can expect: dated rules and a benefits estimate"
