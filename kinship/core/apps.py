from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    """The base every app builds on: append-only models, form rendering, demo names.

    It imports nothing of ours, so every app may import it. At start-up it loads each of our
    apps' `permissions` module, so the permissions they register with `rules` exist before any
    request checks one (see docs/contributing.md).
    """

    name = "kinship.core"
    label = "core"
    verbose_name = "Shared base: append-only records, form rendering"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .triggers import on_post_migrate

        # After every migrate (and test database set-up), guard each append-only table.
        post_migrate.connect(on_post_migrate, dispatch_uid="kinship-append-only-triggers")
        for config in apps.get_app_configs():
            if config.name.startswith("kinship.") and find_spec(f"{config.name}.permissions"):
                import_module(f"{config.name}.permissions")
