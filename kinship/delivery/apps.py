from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "kinship.delivery"
    label = "delivery"
    verbose_name = "The national delivery plan and 'have your say'"
