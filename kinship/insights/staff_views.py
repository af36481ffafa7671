"""Staff pages for analysts: prepare a release, watch it build, approve another's."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.services import record_denied

from . import presentation, selectors, services
from .forms import PrepareReleaseForm
from .models import Release


@staff_required(perm="insights.prepare_release")
@require_http_methods(["GET", "POST"])
def releases(request):
    form = PrepareReleaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            release = services.prepare_release(
                actor=request.user,
                period_kind=form.cleaned_data["period_kind"],
                period_start=form.cleaned_data["period_start"],
                request=request,
            )
        except services.ReleaseError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("insights_staff:release", release.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "insights/staff/releases.html",
        {
            "form": form,
            "releases": selectors.staff_releases()[:50],
        },
        status=status,
    )


def _release(pk) -> Release:
    if not str(pk).isdigit() or len(str(pk)) > 12:
        raise Http404("No such release")
    release = selectors.staff_releases().filter(pk=pk).first()
    if release is None:
        raise Http404("No such release")
    return release


@staff_required(perm="insights.prepare_release")
def release(request, pk):
    item = _release(pk)
    tables = list(item.tables.all())
    return render(
        request,
        "insights/staff/release.html",
        {
            "release": item,
            "tables": [
                {
                    "table": t,
                    "grid": presentation.grid(t),
                    "note": presentation.disclosure_note(item, t),
                }
                for t in tables
            ],
            "can_approve": request.user.has_perm("insights.approve_release", item),
        },
    )


@staff_required(perm="insights.prepare_release")
@require_POST
def approve(request, pk):
    item = _release(pk)
    if not request.user.has_perm("insights.approve_release", item):
        record_denied(request, obj=item, reason="approve own insight release")
        messages.error(request, "A second analyst must approve: you prepared this release.")
        return redirect("insights_staff:release", item.pk)
    try:
        services.approve_release(actor=request.user, release=item, request=request)
    except services.ReleaseError as exc:
        messages.error(request, str(exc))
        return redirect("insights_staff:release", item.pk)
    messages.success(request, "Approved: the release is now public.")
    return redirect("insights_staff:release", item.pk)
