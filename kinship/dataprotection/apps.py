from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "kinship.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection: retention, legal holds, the family's rights"
