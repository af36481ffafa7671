"""No cliff edge: when a child's recorded arrangement moves from looked after to a section 11
order, an automatic transition referral is made (see services.create_transition_referral)."""

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from kinship.families.models import Child

from . import services


def remember_old_arrangement(sender, instance: Child, **kwargs) -> None:
    if instance.pk is None or kwargs.get("raw"):
        instance._referrals_old_arrangement = None
        return
    instance._referrals_old_arrangement = (
        Child.objects.filter(pk=instance.pk).values_list("legal_arrangement", flat=True).first()
    )


def refer_on_cliff_edge(sender, instance: Child, created: bool, **kwargs) -> None:
    if created or kwargs.get("raw"):
        return
    old = getattr(instance, "_referrals_old_arrangement", None)
    if services.is_cliff_edge(old, instance.legal_arrangement):
        # After the change is committed, so a rolled-back edit makes no referral; robust, so
        # a failure here is logged rather than breaking the worker's save of the child.
        transaction.on_commit(lambda: services.create_transition_referral(
            instance, old, instance.legal_arrangement), robust=True)


def connect() -> None:
    pre_save.connect(remember_old_arrangement, sender=Child,
                     dispatch_uid="referrals_child_pre_save")
    post_save.connect(refer_on_cliff_edge, sender=Child,
                      dispatch_uid="referrals_child_post_save")
