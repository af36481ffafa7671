from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kinship.audit"
    label = "audit"
    verbose_name = "Append-only record of every access to personal data"
