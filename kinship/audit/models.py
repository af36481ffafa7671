from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.core.models import AppendOnlyModel


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    EXPORT = "export", _("Exported")
    DELETE = "delete", _("Deleted")
    DENIED = "denied", _("Access refused")


class AuditEvent(AppendOnlyModel):
    """One access to a personal record: who, from which organisation, what, when and why.

    Append-only (see kinship.core.models): the model, its queryset, the admin and database
    triggers all refuse changes. Actor and organisation are copied as text
    as well as ids, so the record still reads correctly if either is later renamed.
    """

    # After the audit period the retention purge (kinship.core.purge) blanks the free text
    # (why, the address asked for, details); who, which organisation, what and when stay.
    retention_purge_fields = ("purpose", "path", "details")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_email = models.CharField(max_length=254, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    purpose = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_type}"


__all__ = ["AuditEvent", "AuditAction", "settings"]
