from django.apps import AppConfig


class AllowancesConfig(AppConfig):
    name = "kinship.allowances"
    label = "allowances"
    verbose_name = "Councils' published foster and kinship allowances and the SRA"
