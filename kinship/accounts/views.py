from django.core.paginator import Paginator
from django.shortcuts import render

from kinship.audit.selectors import search_events

from .decorators import staff_required
from .forms import AuditSearchForm
from .permissions import is_platform_admin


@staff_required
def staff_home(request):
    return render(request, "accounts/staff_home.html")


@staff_required(perm="accounts.search_audit")
def audit_search(request):
    """Platform administrators search everything; organisation administrators their own staff."""
    form = AuditSearchForm(request.GET or None)
    scope = None if is_platform_admin(request.user) else request.user.organisation_id
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = search_events(
        organisation_id=scope,
        text=filters.get("q", ""),
        action=filters.get("action", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_search.html", {"form": form, "page": page})
