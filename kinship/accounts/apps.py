from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kinship.accounts"
    label = "accounts"
    verbose_name = "Organisations, staff, roles and two-factor sign-in"
