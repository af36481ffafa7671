"""Writing the audit trail. Call `record` whenever staff view, create, change, export or
delete a personal record; `record_denied` when access is refused."""

from django.db import models

from .models import AuditAction, AuditEvent


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    return str(obj), ""


def record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    purpose: str = "",
    request=None,
    details: dict | None = None,
) -> AuditEvent:
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    organisation = getattr(actor, "organisation", None) if is_user else None
    return AuditEvent.objects.create(
        actor_id=actor.pk if is_user else None,
        actor_email=actor.email if is_user else "",
        organisation_id=organisation.pk if organisation else None,
        organisation_name=organisation.name if organisation else "",
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        purpose=purpose[:300],
        path=request.get_full_path()[:500] if request is not None else "",
        details=details or {},
    )


def record_view(request, obj, purpose: str = "") -> AuditEvent:
    return record(actor=request.user, action=AuditAction.VIEW, obj=obj, purpose=purpose,
                  request=request)


def record_denied(request, *, obj=None, object_type: str = "", object_id: str = "",
                  reason: str = "") -> AuditEvent:
    """An attempt to reach something the person may not see (another organisation's record,
    a guessed id, a wrong family secret). The reason is for investigators, never shown."""
    user = getattr(request, "user", None)
    return record(
        actor=user, action=AuditAction.DENIED, obj=obj, object_type=object_type,
        object_id=object_id, request=request, details={"reason": reason[:300]},
    )
