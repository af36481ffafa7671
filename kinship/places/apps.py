from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "kinship.places"
    label = "places"
    verbose_name = "Council areas, postcode districts and distance"
