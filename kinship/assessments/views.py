"""Public pages: ask for an assessment, see the reference, and the family's own record
(status and each issued written record as a PDF) with the reference and secret. No account,
no JavaScript needed."""

import secrets

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_denied
from kinship.families import status_check

from . import selectors, services
from .forms import FamilyAccessForm, RequestForm

SENT_KEY = "assessment_sent"


def _details(form) -> services.RequestDetails:
    data = form.cleaned_data
    return services.RequestDetails(
        what_is_happening=data["what_is_happening"],
        requester=data["requester"],
        council_id=form.council.code if form.council else None,
        postcode_district=data["postcode"][:4],
        contact_name=data["contact_name"],
        contact_method=data["contact_method"],
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        best_time=data.get("best_time", ""),
        safe_to_leave_message=data.get("safe_to_leave_message") == "yes",
        children_summary=data.get("children_summary", ""),
    )


@require_http_methods(["GET", "POST"])
def ask(request):
    request.no_store = request.method == "POST"
    if request.method == "POST":
        form = RequestForm(request.POST)
        if form.is_valid():
            result = services.submit_request(
                _details(form), form.cleaned_data.get("submission_token") or ""
            )
            if result.created or SENT_KEY not in request.session:
                request.session[SENT_KEY] = {
                    "reference": result.request.reference,
                    "secret": result.secret,
                }
            return redirect("assessments:sent")
    else:
        form = RequestForm(initial={"submission_token": secrets.token_urlsafe(24)})
    return render(
        request,
        "assessments/ask.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def sent(request):
    """The reference and, once only, the secret."""
    request.no_store = True
    data = request.session.get(SENT_KEY)
    if not data:
        return redirect("assessments:ask")
    secret = data.get("secret")
    if secret:
        request.session[SENT_KEY] = {"reference": data["reference"], "secret": None}
    from .models import AssessmentRequest

    obj = (
        AssessmentRequest.objects.select_related("organisation")
        .filter(reference=data["reference"])
        .first()
    )
    return render(
        request,
        "assessments/sent.html",
        {"reference": data["reference"], "secret": secret, "request_obj": obj},
    )


# The family's page uses the one status-check policy (families.status_check): its throttles,
# audit and alerting; only the lookup and the words are ours.
FAMILY_PAGE = status_check.StatusPage(
    prefix=services.REFERENCE_PREFIX,
    object_type="assessments.assessmentrequest",
    secret_purpose=services.SECRET_PURPOSE,
    find=selectors.request_by_reference,
    owners=lambda obj: [obj.organisation] if obj.organisation_id else [],
    rows=selectors.family_status_rows,
    title=_lazy("Your family's assessment"),
    intro=_lazy("Enter the reference and secret you were given when you asked."),
    lost_secret=_lazy("Lost your secret? Call %(line)s."),
    not_found=_lazy(
        "We could not find an assessment with that reference and secret. Check both and try again."
    ),
    too_many=_lazy(
        "Too many tries. Wait 15 minutes and try again, or contact your council's kinship team."
    ),
    result_title=_lazy("Assessment"),
    talk_to_someone=_lazy("To talk to someone, call %(line)s."),
)


def _check(request, form):
    """The request if the reference and secret match; else a response to send back."""
    outcome = status_check.check(
        request, FAMILY_PAGE, form.cleaned_data["reference"], form.cleaned_data["secret"]
    )
    texts = FAMILY_PAGE.texts()
    if outcome.throttled:
        form.add_error(None, texts["too_many"])
        return None, render(request, "assessments/record.html", {"form": form}, status=429)
    if outcome.found is None:
        form.add_error(None, texts["not_found"])
        return None, render(request, "assessments/record.html", {"form": form}, status=404)
    return outcome.found, None


@require_http_methods(["GET", "POST"])
def family_record(request):
    """The family's status and their written records, with the reference and secret."""
    request.no_store = True
    form = FamilyAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        obj, refused = _check(request, form)
        if refused:
            return refused
        record(
            actor=None,
            action=AuditAction.VIEW,
            obj=obj,
            request=request,
            purpose="family opened their assessment page",
        )
        return render(
            request,
            "assessments/record_result.html",
            {
                "request_obj": obj,
                "status_text": selectors.family_status(obj),
                "versions": selectors.family_versions(obj),
                "reference": form.cleaned_data["reference"],
                "secret": form.cleaned_data["secret"],
            },
        )
    return render(
        request, "assessments/record.html", {"form": form}, status=400 if form.is_bound else 200
    )


@require_http_methods(["POST"])
def family_download(request):
    """One issued version's PDF, exactly as given (POST: the secret never goes in a URL)."""
    request.no_store = True
    form = FamilyAccessForm(request.POST)
    if not form.is_valid():
        return render(request, "assessments/record.html", {"form": form}, status=400)
    obj, refused = _check(request, form)
    if refused:
        return refused
    version = selectors.family_version(obj, request.POST.get("version"))
    if version is None:
        form.add_error(None, _("There is no written record with that number yet."))
        return render(request, "assessments/record.html", {"form": form}, status=404)
    record(
        actor=None,
        action=AuditAction.EXPORT,
        obj=version,
        request=request,
        purpose="family downloaded their written record",
    )
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="written-record-{obj.reference}-v{version.number}.pdf"'
    )
    return response


@require_http_methods(["GET", "POST"])
def child_answers(request, token):
    """A child answers their questions on their own, with the one-use link their worker gave
    them. Each question can be answered "I don't want to answer"."""
    request.no_store = True
    part = services.part_for_link(token)
    if part is None:
        record_denied(
            request,
            object_type="assessments.childpart",
            object_id="link",
            reason="child's link unknown, used or expired",
        )
        return render(request, "assessments/child_done.html", {"unknown": True}, status=404)
    from .wellbeing import QUESTION_SETS

    questions = QUESTION_SETS.get(part.question_set, [])
    if request.method == "POST":
        answers = {
            key: (request.POST.get(f"answer_{key}", "") or "")[:2000] for key, _q in questions
        }
        services.save_voices(
            part,
            services.VoicesInput(answers=answers, declined=request.POST.getlist("declined")[:20]),
            actor=None,
            request=request,
            by_child=True,
        )
        return render(request, "assessments/child_done.html", {"unknown": False})
    return render(
        request,
        "assessments/child_answers.html",
        {
            "part": part,
            "first_name": part.child.full_name.split(" ")[0],
            "questions": [(key, str(q)) for key, q in questions],
        },
    )
