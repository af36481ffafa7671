"""For staff views: a record the person may not see is a 404 (a 403 would say it exists), and
the attempt is audited."""

from django.http import Http404

from .services import record_denied


def visible_or_404(request, obj, *, object_type: str, object_id, reason: str, message: str):
    """`obj` as found by a visibility-checking selector; None means audit the refusal and 404."""
    if obj is None:
        record_denied(
            request, object_type=object_type, object_id=str(object_id)[:64], reason=reason
        )
        raise Http404(message)
    return obj
