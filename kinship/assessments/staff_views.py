"""Staff pages: the team's queue, a request (start or close it), asking for an assessment for a
family, and the assessment itself (indicators, voices, the family's needs, agreed support,
issuing the written record). Thin: the rules live in services/selectors/permissions.

Another organisation's request or assessment is a 404 and the attempt is audited; every view
of a family's assessment is audited."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_denied, record_view
from kinship.audit.shortcuts import visible_or_404
from kinship.families.selectors import get_visible_household
from kinship.referrals.selectors import service_choices

from . import selectors, services
from .forms import (
    RATING_CHOICES,
    DeclineForm,
    FamilyNeedsForm,
    IssueForm,
    ReferralActionForm,
    RequestForFamilyForm,
    StartForm,
    TaskForm,
    _rating,
)
from .models import RecordVersion
from .wellbeing import Rating

PER_PAGE = 25


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 100_000))
    except (TypeError, ValueError):
        return 1


@staff_required(perm="assessments.assess")
def queue(request):
    box = request.GET.get("box", "requests")
    box = box if box in selectors.BOXES else "requests"
    counts = selectors.queue_counts(request.user)
    paginator = Paginator(selectors.queue(request.user, box), PER_PAGE)
    paginator.count = counts[box]  # a cached_property: the counts already hold it
    page = paginator.get_page(_page_number(request))
    # The queue shows names and references, so each page viewed is recorded.
    record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="assessments.queue",
        object_id=box,
        purpose="assessment queue",
        request=request,
        details={"ids": [obj.pk for obj in page]},
    )
    return render(
        request, "assessments/staff/queue.html", {"box": box, "page": page, "counts": counts}
    )


def _request_or_404(request, pk):
    return visible_or_404(
        request,
        selectors.get_request(request.user, pk),
        object_type="assessments.assessmentrequest",
        object_id=pk,
        reason="not this organisation's request",
        message=_("No such request."),
    )


def _render_request(request, obj, *, start_form=None, decline_form=None, error="", status=200):
    initial = {"carer_name": obj.contact_name}
    return render(
        request,
        "assessments/staff/request.html",
        {
            "obj": obj,
            "start_form": start_form or StartForm(initial=initial),
            "decline_form": decline_form or DeclineForm(),
            "error": error,
            "assessment": getattr(obj, "assessment", None) if obj.pk else None,
        },
        status=status,
    )


@staff_required(perm="assessments.assess")
def request_detail(request, pk):
    obj = _request_or_404(request, pk)
    record_view(request, obj, purpose="assessment request")
    return _render_request(request, obj)


@require_POST
@staff_required(perm="assessments.assess")
def start(request, pk):
    obj = _request_or_404(request, pk)
    form = StartForm(request.POST)
    if obj.household_id is None and not form.is_valid():
        return _render_request(request, obj, start_form=form, status=400)
    details = None
    if obj.household_id is None:
        details = services.StartDetails(
            carer_name=form.cleaned_data["carer_name"],
            children=[services.ChildLine(name, dob) for name, dob in form.children()],
        )
    try:
        assessment = services.start_assessment(
            obj.pk, actor=request.user, details=details, request=request
        )
    except services.AssessmentError as exc:
        return _render_request(request, obj, start_form=form, error=str(exc), status=400)
    return redirect("assessments_staff:detail", pk=assessment.pk)


@require_POST
@staff_required(perm="assessments.assess")
def decline(request, pk):
    obj = _request_or_404(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _render_request(request, obj, decline_form=form, status=400)
    try:
        services.decline_request(
            obj.pk, actor=request.user, message=form.cleaned_data["message"], request=request
        )
    except services.AssessmentError as exc:
        return _render_request(request, obj, decline_form=form, error=str(exc), status=400)
    messages.success(request, _("Request closed. The family can read your message."))
    return redirect("assessments_staff:queue")


@require_http_methods(["GET", "POST"])
@staff_required(perm="assessments.request_for_family")
def request_for_family(request, household_pk):
    household = visible_or_404(
        request,
        get_visible_household(request.user, household_pk),
        object_type="families.household",
        object_id=household_pk,
        reason="family not visible to this organisation",
        message=_("No such family."),
    )
    form = RequestForFamilyForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            result = services.request_for_family(
                household.pk,
                actor=request.user,
                what_is_happening=form.cleaned_data["what_is_happening"],
                request=request,
            )
        except services.AssessmentError as exc:
            error = str(exc)
        else:
            return render(
                request,
                "assessments/staff/requested.html",
                {"household": household, "result": result},
            )
    record_view(request, household, purpose="asking for an assessment")
    return render(
        request,
        "assessments/staff/request_for_family.html",
        {"household": household, "form": form, "error": error},
        status=400 if (form.is_bound and (form.errors or error)) else 200,
    )


# --- the assessment --------------------------------------------------------------------------


def _assessment_or_404(request, pk):
    return visible_or_404(
        request,
        selectors.get_visible_assessment(request.user, pk),
        object_type="assessments.assessment",
        object_id=pk,
        reason="not the assessing organisation, and no consent to share",
        message=_("No such assessment."),
    )


def _editable_or_404(request, pk):
    assessment = _assessment_or_404(request, pk)
    if not request.user.has_perm("assessments.edit_assessment", assessment):
        record_denied(request, obj=assessment, reason="only the assessing organisation edits")
        raise Http404(_("No such assessment."))
    return assessment


def _render_assessment(request, assessment, *, forms=None, error="", status=200):
    forms = forms or {}
    can_edit = request.user.has_perm("assessments.edit_assessment", assessment)
    needs_initial = {f"need_{k}": v for k, v in assessment.carer_needs.items()}
    needs_initial["child_words_shared"] = assessment.child_words_shared
    services_list = (
        service_choices(exclude_organisation_id=request.user.organisation_id) if can_edit else []
    )
    return render(
        request,
        "assessments/staff/detail.html",
        {
            "assessment": assessment,
            "layout": selectors.layout(assessment),
            "can_edit": can_edit,
            "sees_childs_words": request.user.has_perm("assessments.read_childs_words", assessment),
            "rating_choices": RATING_CHOICES,
            "needs_form": forms.get("needs") or FamilyNeedsForm(initial=needs_initial),
            "task_form": forms.get("task") or TaskForm(prefix="task"),
            "referral_form": forms.get("referral")
            or ReferralActionForm(
                prefix="referral",
                services=services_list,
                initial={"idempotency_key": uuid.uuid4().hex},
            ),
            "issue_form": forms.get("issue")
            or IssueForm(initial={"review_due_on": assessment.review_due_on}),
            "history": selectors.ratings_over_time(assessment),
            "versions": list(assessment.versions.all()),
            "chart_size": (selectors.CHART_W, selectors.CHART_H),
            "error": error,
        },
        status=status,
    )


@staff_required(perm="assessments.view_assessments")
def detail(request, pk):
    assessment = _assessment_or_404(request, pk)
    record_view(request, assessment, purpose="wellbeing assessment")
    return _render_assessment(request, assessment)


def _clean_text(value: str, limit: int) -> str:
    return (value or "")[:limit]


@require_POST
@staff_required(perm="assessments.assess")
def save_wellbeing(request, pk):
    assessment = _editable_or_404(request, pk)
    entries, bad_rating = {}, False
    for entry in assessment.entries.all():
        prefix = f"e{entry.pk}_"
        rating = request.POST.get(prefix + "rating", "")
        valid = not rating or rating in {str(v) for v in Rating.values}
        bad_rating = bad_rating or not valid
        data = services.EntryInput(
            strengths=_clean_text(request.POST.get(prefix + "strengths", entry.strengths), 2000),
            needs=_clean_text(request.POST.get(prefix + "needs", entry.needs), 2000),
            rating=_rating(rating) if valid else entry.rating,
        )
        # Shown again on an error, so nothing typed is lost (not saved until all is valid).
        entry.strengths, entry.needs, entry.rating = data.strengths, data.needs, data.rating
        entries[entry.pk] = data
    if bad_rating:
        return _render_assessment(
            request, assessment, status=400, error=_("Choose a rating from the list.")
        )
    services.save_wellbeing(assessment, entries, actor=request.user, request=request)
    messages.success(request, _("Wellbeing saved."))
    return redirect("assessments_staff:detail", pk=assessment.pk)


@require_POST
@staff_required(perm="assessments.assess")
def save_voices(request, pk, part_pk):
    assessment = _editable_or_404(request, pk)
    part = next((p for p in assessment.child_parts.all() if str(p.pk) == str(part_pk)), None)
    if part is None:
        raise Http404(_("No such child in this assessment."))
    answers = {
        key: _clean_text(request.POST.get(f"answer_{key}", ""), 2000)
        for key in {k for k in part.answers}
        | {k[len("answer_") :] for k in request.POST if k.startswith("answer_")}
    }
    services.save_voices(
        part,
        services.VoicesInput(
            answers=answers,
            declined=request.POST.getlist("declined")[:20],
            carer_view=_clean_text(request.POST.get("carer_view", ""), 5000),
            practitioner_view=_clean_text(request.POST.get("practitioner_view", ""), 5000),
        ),
        actor=request.user,
        request=request,
    )
    messages.success(request, _("Views saved for %(name)s.") % {"name": part.child.full_name})
    return redirect("assessments_staff:detail", pk=assessment.pk)


@require_POST
@staff_required(perm="assessments.assess")
def child_link(request, pk, part_pk):
    assessment = _editable_or_404(request, pk)
    part = next((p for p in assessment.child_parts.all() if str(p.pk) == str(part_pk)), None)
    if part is None:
        raise Http404(_("No such child in this assessment."))
    token = services.child_link(part, actor=request.user, request=request)
    link = request.build_absolute_uri(reverse("assessments:child", args=[token]))
    messages.success(
        request,
        _("Give this link to %(name)s (it works once): %(link)s")
        % {"name": part.child.full_name, "link": link},
    )
    return redirect("assessments_staff:detail", pk=assessment.pk)


@require_POST
@staff_required(perm="assessments.assess")
def save_needs(request, pk):
    assessment = _editable_or_404(request, pk)
    form = FamilyNeedsForm(request.POST)
    if not form.is_valid():
        return _render_assessment(request, assessment, forms={"needs": form}, status=400)
    services.save_family_needs(
        assessment,
        form.needs(),
        child_words_shared=form.cleaned_data["child_words_shared"],
        actor=request.user,
        request=request,
    )
    messages.success(request, _("The carer's needs are saved."))
    return redirect("assessments_staff:detail", pk=assessment.pk)


@require_POST
@staff_required(perm="assessments.assess")
def add_task(request, pk):
    assessment = _editable_or_404(request, pk)
    form = TaskForm(request.POST, prefix="task")
    if not form.is_valid():
        return _render_assessment(request, assessment, forms={"task": form}, status=400)
    try:
        services.add_task(assessment, actor=request.user, request=request, **form.cleaned_data)
    except services.AssessmentError as exc:
        return _render_assessment(
            request, assessment, forms={"task": form}, error=str(exc), status=400
        )
    messages.success(request, _("Task added."))
    return redirect("assessments_staff:detail", pk=assessment.pk)


@require_POST
@staff_required(perm="assessments.assess")
def add_referral(request, pk):
    assessment = _editable_or_404(request, pk)
    form = ReferralActionForm(
        request.POST,
        prefix="referral",
        services=service_choices(exclude_organisation_id=request.user.organisation_id),
    )
    if not form.is_valid():
        return _render_assessment(request, assessment, forms={"referral": form}, status=400)
    data = form.cleaned_data
    try:
        services.add_referral_action(
            assessment,
            kind=data["kind"],
            what=data["what"],
            service_id=data["service"],
            idempotency_key=data["idempotency_key"],
            consent_method=data["consent_method"],
            actor=request.user,
            request=request,
        )
    except services.AssessmentError as exc:
        return _render_assessment(
            request, assessment, forms={"referral": form}, error=str(exc), status=400
        )
    messages.success(request, _("Referral sent and added to the agreed support."))
    return redirect("assessments_staff:detail", pk=assessment.pk)


@require_POST
@staff_required(perm="assessments.assess")
def issue(request, pk):
    assessment = _editable_or_404(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        return _render_assessment(request, assessment, forms={"issue": form}, status=400)
    try:
        version = services.issue_record(
            assessment.pk,
            actor=request.user,
            request=request,
            review_due_on=form.cleaned_data["review_due_on"],
        )
    except services.AssessmentError as exc:
        return _render_assessment(
            request, assessment, forms={"issue": form}, error=str(exc), status=400
        )
    messages.success(
        request,
        _("Written record version %(n)d issued. The family can download it with their reference.")
        % {"n": version.number},
    )
    return redirect("assessments_staff:detail", pk=assessment.pk)


@staff_required(perm="assessments.view_assessments")
def version_pdf(request, pk, number):
    assessment = _assessment_or_404(request, pk)
    if not request.user.has_perm("assessments.read_childs_words", assessment):
        # The PDF carries the child's own words, which this organisation may not read.
        record_denied(request, obj=assessment, reason="child's words not shared")
        raise Http404(_("No such record."))
    version = RecordVersion.objects.filter(assessment=assessment, number=number).first()
    if version is None:
        raise Http404(_("No such record."))
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=version,
        request=request,
        purpose="written record PDF",
    )
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="written-record-{assessment.request.reference}-v{number}.pdf"'
    )
    return response
