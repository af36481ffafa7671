from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    """Atomic rate counters and the client's address: the base for every public throttle."""

    name = "kinship.throttle"
    label = "throttle"
    default_auto_field = "django.db.models.BigAutoField"
