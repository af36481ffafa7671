"""factory_boy factories for audit events, written through the audit service."""

import factory

from kinship.audit.models import AuditAction, AuditEvent
from kinship.audit.services import record


class AuditEventFactory(factory.Factory):
    class Meta:
        model = AuditEvent

    actor = None
    action = AuditAction.VIEW
    object_type = "families.household"
    object_id = factory.Sequence(str)
    purpose = "test"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return record(**kwargs)
