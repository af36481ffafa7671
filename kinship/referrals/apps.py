"""Closed-loop referrals between organisations."""
from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kinship.referrals"
    label = "referrals"
    verbose_name = "Closed-loop referrals between organisations"
