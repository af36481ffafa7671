"""The public checker: one question a page, answers held in the session while answering.

No account and nothing written to our own tables; the session (a cookie plus Django's session
store, which expires) is the only place answers live, and "Clear my answers" empties it.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinship.places.selectors import get_council

from . import forms, journey, pdf, questions, selectors, services
from .engine import decide, what_changes_if_young_person
from .facts import Answer, Arrangement, YoungPerson

SESSION_KEY = "entitlements_answers"
RETURN_TO_CHECK = "check"
# Back to the benefits estimate after its one extra question (the carer's age, which decides
# between Universal Credit and Pension Credit, so we ask rather than assume).
RETURN_TO_ESTIMATE = "estimate"
MAX_ADVISER_SUMMARY = 4500  # the advice form's box takes 5000 characters


def _answers(request) -> dict:
    answers = request.session.get(SESSION_KEY)
    return answers if isinstance(answers, dict) else {}


def _save(request, answers: dict) -> None:
    request.session[SESSION_KEY] = answers


def _private(request) -> None:
    # Pages showing a family's answers must not linger in a shared computer's cache.
    request.no_store = True


def _step_url(step: journey.Step, return_to: str = "") -> str:
    url = reverse("entitlements:question", args=[step.key])
    return f"{url}?return={return_to}" if return_to else url


@require_GET
def start(request):
    answers = _answers(request)
    return render(request, "entitlements/start.html", {
        "first_url": _step_url(journey.Step("children", "children")),
        "in_progress": journey.ready_for_results(answers),
    })


def _initial(step: journey.Step, stored: dict | None) -> dict:
    if stored is None:
        return {}
    if step.kind == "council":
        return {"council": stored.get("code", "")}
    if step.kind == "child_age" and stored.get("date_of_birth"):
        born = date.fromisoformat(stored["date_of_birth"])
        return stored | {"date_of_birth": born.strftime("%d/%m/%Y")}
    return stored


def _to_store(step: journey.Step, cleaned: dict) -> dict:
    if step.kind == "council":
        return {"code": cleaned.get("code", "")}
    if step.kind == "child_age":
        return {
            "name": cleaned.get("name", ""),
            "age": cleaned.get("age"),
            "date_of_birth": cleaned.get("date_of_birth", ""),
            "not_sure": bool(cleaned.get("not_sure")),
        }
    fields = questions.QUESTIONS[step.kind].form_class.base_fields
    return {name: cleaned.get(name) for name in fields}


def _form(step: journey.Step, data=None, initial=None):
    form_class = questions.QUESTIONS[step.kind].form_class
    kwargs = {"data": data, "initial": initial or {}}
    if form_class is forms.ChildAgeForm:
        kwargs["today"] = timezone.localdate()
    return form_class(**kwargs)


def _after_saving(answers: dict, step: journey.Step, return_to: str) -> str:
    if return_to == RETURN_TO_ESTIMATE:
        return reverse("entitlements:estimate_start")
    if return_to == RETURN_TO_CHECK:
        # A changed answer can open a new question right after it (a child now "was looked
        # after"): ask it, then any core question still missing, then back to the answers.
        following = journey.next_step(answers, step)
        if following is not None and not journey.is_answered(answers, following):
            return _step_url(following, RETURN_TO_CHECK)
        missing = journey.first_unanswered(answers)
        return _step_url(missing, RETURN_TO_CHECK) if missing else reverse(
            "entitlements:check_answers")
    following = journey.next_step(answers, step)
    if following is None or (following.optional and not step.optional):
        # The first answer comes as soon as the core questions are done.
        return reverse("entitlements:results")
    return _step_url(following)


def _counter(answers: dict, step: journey.Step) -> dict:
    """"Question 3 of 8": counted over the questions before the first answer, or over the
    optional ones after it, so the total never jumps."""
    if step.key == journey.CARER_AGE.key:
        return {"position": 1, "total": 1, "more_exact": False, "for_estimate": True}
    if step.optional:
        optional = [s.key for s in journey.journey(answers) if s.optional]
        return {"position": optional.index(step.key) + 1, "total": len(optional),
                "more_exact": True}
    core = [s.key for s in journey.first_answer_steps(answers)]
    total = len(core)
    if not journey.children_count(answers):
        # Before we know how many children, count as for one (the most common family).
        assumed = {"steps": journey.steps_data(answers) | {"children": {"count": 1}}}
        total = len(journey.first_answer_steps(assumed))
    return {"position": core.index(step.key) + 1, "total": total, "more_exact": False}


@require_http_methods(["GET", "POST"])
def question(request, step_key: str):
    answers = _answers(request)
    step = journey.find_step(answers, step_key)
    if step is None:
        if step_key == "children" or not answers:
            # A bookmark into the middle of an expired session: begin again, gently.
            messages.info(request, _("Your answers have expired or were cleared. Start again."))
            return redirect("entitlements:start")
        raise Http404("No such question")
    _private(request)
    asked = request.GET.get("return")
    return_to = asked if asked in (RETURN_TO_CHECK, RETURN_TO_ESTIMATE) else ""
    stored = journey.step_answer(answers, step.key)
    if request.method == "POST":
        form = _form(step, data=request.POST)
        if form.is_valid():
            answers.setdefault("steps", {})[step.key] = _to_store(step, form.cleaned_data)
            if step.kind == "children":
                answers.pop("shown_results", None)
            _save(request, answers)
            return redirect(_after_saving(answers, step, return_to))
    else:
        form = _form(step, initial=_initial(step, stored))
    previous = journey.previous_step(answers, step)
    if return_to == RETURN_TO_ESTIMATE:
        back_url = reverse("entitlements:results")
    elif return_to:
        back_url = reverse("entitlements:check_answers")
    elif previous:
        back_url = _step_url(previous)
    else:
        back_url = reverse("entitlements:start")
    spec = questions.QUESTIONS[step.kind]
    return render(request, "entitlements/question.html", {
        "form": form,
        "step": step,
        "heading": questions.heading(answers, step),
        "lead": spec.lead,
        "back_url": back_url,
        "action": _step_url(step, return_to),
        **_counter(answers, step),
        "skip_url": "" if return_to == RETURN_TO_ESTIMATE else (
            reverse("entitlements:results") if step.optional else ""),
    }, status=400 if form.is_bound else 200)


@require_GET
def check_answers(request):
    answers = _answers(request)
    if not journey.ready_for_results(answers):
        return redirect("entitlements:start")
    _private(request)
    steps = journey.journey(answers)
    rows = questions.summary_rows(answers, steps)
    groups: dict[str, list] = {}
    for row in rows:
        row["change_url"] = reverse("entitlements:question", args=[row["key"]]) + "?return=check"
        groups.setdefault(row["group"], []).append(row)
    return render(request, "entitlements/check_answers.html", {
        "groups": groups,
        "back_url": _step_url(steps[-1]),
        "missing": journey.first_unanswered(answers),
    })


def _law(request) -> str:
    return selectors.WITH_OFFER if request.GET.get("law") == selectors.WITH_OFFER \
        else selectors.TODAY


def adviser_summary(answers: dict, results: selectors.Results) -> str:
    """A plain-text summary the family can choose to send with a question to an adviser."""
    lines = [_("I used the Kinship Hub checker. My answers:")]
    for row in results.answers_summary:
        lines.append(f"- {row['group']}: {row['label']}: {row['value']}")
    lines.append(_("It said I may be able to get:"))
    for column in results.columns[:1]:
        for group in column.groups[:2]:
            for item in group.items:
                lines.append(f"- {item.decision.title} ({item.who})")
    text = "\n".join(lines).replace("<", "(").replace(">", ")")
    return text[:MAX_ADVISER_SUMMARY]


@require_GET
def results(request):
    answers = _answers(request)
    if not journey.ready_for_results(answers):
        return redirect("entitlements:start")
    _private(request)
    law = _law(request)
    found = selectors.results_for(answers, timezone.localdate(), law)
    more = journey.more_exact_steps(answers)
    return render(request, "entitlements/results.html", {
        "more_exact_count": len(more),
        "more_exact_url": _step_url(more[0]) if more else "",
        "results": found,
        "law": law,
        "other_law": selectors.TODAY if law == selectors.WITH_OFFER else selectors.WITH_OFFER,
        "adviser_summary": adviser_summary(answers, found),
        "ask_url": selectors.url_for("advice:ask") or "/ask/",
    })


@require_GET
def results_pdf(request):
    answers = _answers(request)
    if not journey.ready_for_results(answers):
        return redirect("entitlements:start")
    _private(request)
    found = selectors.results_for(answers, timezone.localdate(), _law(request))
    content = pdf.results_pdf(found)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="kinship-support-we-can-get.pdf"'
    return response


@require_POST
def clear(request):
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Your answers have been cleared."))
    return redirect("entitlements:start")


def _young_person(cleaned: dict, today: date) -> YoungPerson:
    still = cleaned.get("still")
    arrangement = Arrangement.LOOKED_AFTER_KINSHIP if still == Answer.YES.value \
        else Arrangement.NOT_SURE
    was = Answer(cleaned.get("looked_after") or Answer.NOT_SURE.value)
    if still == Answer.YES.value:
        was = Answer.YES
    return YoungPerson(
        as_of=today,
        age=cleaned.get("age"),
        arrangement=arrangement,
        was_looked_after=was,
        age_left_care=cleaned.get("age_left_care") if still != Answer.YES.value else None,
        in_continuing_care=Answer(cleaned.get("continuing_care") or Answer.NOT_SURE.value),
        council_code=cleaned.get("council") or None,
    )


@require_http_methods(["GET", "POST"])
def young_person(request):
    """The young person's version: answers go in the POST and come back as the page; nothing
    is kept anywhere, not even in the session."""
    form = forms.YoungPersonForm(request.POST if request.method == "POST" else None)
    column = changes = None
    with_offer = request.POST.get("offer") == "yes"
    if form.is_bound and form.is_valid():
        _private(request)
        today = timezone.localdate()
        person = _young_person(form.cleaned_data, today)
        column = selectors.young_person_results(person, today, with_offer)
        if form.cleaned_data.get("planned") and person.arrangement != Arrangement.NOT_SURE:
            changes = what_changes_if_young_person(
                person, today, Arrangement(form.cleaned_data["planned"]), with_offer
            )
    return render(request, "entitlements/young_person.html", {
        "form": form, "column": column, "with_offer": with_offer, "changes": changes,
    }, status=400 if form.is_bound and form.errors else 200)


# ---- the benefits estimate (PolicyEngine UK, run as a background task) ------------------------

# Rules whose money the model does not cover; shown beside the estimate from our own rules.
NOT_IN_MODEL = (
    "guardians_allowance", "best_start_grant_pregnancy_and_baby", "best_start_grant_early_learning",
    "best_start_grant_school_age", "best_start_foods", "allowance_looked_after",
    "allowance_kinship_care_order", "council_tax_reduction", "school_clothing_grant",
)
REFRESH_SECONDS = 3


@require_http_methods(["GET", "POST"])
def estimate_start(request):
    """Start (or find, as results are cached by household) the estimate. GET is allowed because
    the carer-age question comes back here; starting twice queues nothing new."""
    answers = _answers(request)
    if not journey.ready_for_results(answers):
        return redirect("entitlements:start")
    if journey.step_answer(answers, "carer-age") is None:  # asked once; "rather not say" is kept
        return redirect(_step_url(journey.CARER_AGE, RETURN_TO_ESTIMATE))
    today = timezone.localdate()
    key = services.start_estimate(journey.to_facts(answers, today), today)
    return redirect("entitlements:estimate", key=key)


@require_GET
def estimate(request, key: str):
    found = services.estimate_state(key)
    if found is None:
        raise Http404("No such estimate, or it has expired")
    _private(request)
    state, result = found
    answers = _answers(request)
    others, council = [], None
    if journey.ready_for_results(answers):
        today = timezone.localdate()
        facts = journey.to_facts(answers, today)
        council = get_council(facts.household.council_code or "")
        if result is not None:
            decisions = decide(facts, today)
            others = [d for d in decisions.entitled + decisions.may_be_entitled
                      if d.rule_id in NOT_IN_MODEL]
    return render(request, "entitlements/estimate.html", {
        "state": state,
        "estimate": result,
        "others": others,
        "refresh": REFRESH_SECONDS if state in (services.QUEUED, services.RUNNING) else None,
        "allowance_url": selectors.allowance_link(council),
    })
