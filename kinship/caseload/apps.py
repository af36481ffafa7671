from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "kinship.caseload"
    label = "caseload"
    verbose_name = "Kinship Co-ordinators' caseload: the team around each family and its dates"
