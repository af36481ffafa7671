"""Partner API keys: only a hash is stored; the key is shown once."""

import hashlib
import logging
import secrets

from django.utils import timezone
from django.utils.crypto import constant_time_compare

from kinship.accounts.models import Organisation
from kinship.audit.models import AuditAction
from kinship.audit.services import record

from ..models import (
    PartnerApiKey,
)

log = logging.getLogger(__name__)


# --- partner API keys -----------------------------------------------------------------------


def _key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_key(
    organisation: Organisation, name: str, *, actor=None
) -> tuple[PartnerApiKey, str]:
    """A new key; the raw value is returned once and never stored."""
    prefix = secrets.token_hex(4)
    raw = f"khr_{prefix}_{secrets.token_urlsafe(32)}"
    key = PartnerApiKey.objects.create(
        organisation=organisation, name=name[:100], prefix=prefix, key_hash=_key_hash(raw)
    )
    record(actor=actor, action=AuditAction.CREATE, obj=key, purpose="referrals API key made")
    return key, raw


def organisation_for_api_key(raw: str) -> Organisation | None:
    parts = (raw or "").split("_")
    if len(parts) < 3 or parts[0] != "khr":
        return None
    key = (
        PartnerApiKey.objects.select_related("organisation")
        # A suspended organisation's keys stop working with its staff's sign-ins.
        .filter(
            prefix=parts[1][:12], revoked_at__isnull=True, organisation__suspended_at__isnull=True
        )
        .first()
    )
    if key and constant_time_compare(key.key_hash, _key_hash(raw)):
        return key.organisation
    return None


def revoke_api_key(key: PartnerApiKey, *, actor=None) -> None:
    PartnerApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    record(actor=actor, action=AuditAction.CHANGE, obj=key, purpose="referrals API key revoked")
