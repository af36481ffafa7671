from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kinship.directory"
    label = "directory"
    verbose_name = "Directory of kinship support, local offers and the Open Referral UK API"

    def ready(self):
        from . import signals  # noqa: F401
