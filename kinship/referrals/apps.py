"""Closed-loop referrals between organisations."""
from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReferralsConfig(AppConfig):
    name = "kinship.referrals"
    label = "referrals"
    verbose_name = "Closed-loop referrals between organisations"

    def ready(self):
        from .counts import on_post_migrate

        # The inbox counts' triggers, after every migrate (as the append-only triggers are).
        post_migrate.connect(on_post_migrate, sender=self,
                             dispatch_uid="referrals_count_triggers")
