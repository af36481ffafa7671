from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kinship.web"
    label = "web"
    verbose_name = "Shared page layout, public home and information pages, form rendering"
