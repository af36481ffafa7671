"""Invitations: how a new member of staff joins. Only a hash of the link's token is kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from kinship.accounts.models import Organisation


class Invitation(models.Model):
    """A single-use link that expires. The invitee (an inactive user with no password until
    they accept) sets a password, then a second factor, before seeing anything."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "used_at", "expires_at"])]

    def __str__(self) -> str:
        return f"Invitation for {self.user_id} to {self.organisation_id}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now
