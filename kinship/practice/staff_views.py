"""Staff pages of the practice hub: guidance editing with a second editor, learning resources
and events, communities of practice with moderation, search. Thin: parse, call, render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.services import record_denied
from kinship.core.email import absolute_url, site_url

from . import ical, selectors, services
from .forms import (
    ConfirmForm,
    DraftForm,
    EventForm,
    ModerateForm,
    ReplyForm,
    ResourceForm,
    ReturnForm,
    ScriptCitationsForm,
    ThreadForm,
)
from .models import Audience, DraftState, Topic

HUB = "practice.use_hub"
EDIT = "practice.edit_guidance"
TRAIN = "practice.run_training"
MODERATE = "practice.moderate"


def _refuse(request, obj, reason: str):
    record_denied(request, obj=obj, reason=reason)
    raise PermissionDenied(reason)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _text(cleaned, slug: str = "") -> services.DraftText:
    return services.DraftText(
        slug=cleaned.get("slug") or slug,
        title=cleaned["title"],
        summary=cleaned["summary"],
        body=cleaned["body"],
        sources=cleaned.get("sources", ""),
        cites=cleaned.get("cites", ""),
        review_by=cleaned["review_by"],
        is_public=cleaned["is_public"],
    )


# --- the hub ----------------------------------------------------------------------------------


@staff_required(perm=HUB)
@require_http_methods(["GET"])
def hub(request):
    user = request.user
    return render(
        request,
        "practice/staff/hub.html",
        {
            "my_events": selectors.my_events(user)[:5],
            "events": selectors.upcoming_events(Audience.STAFF)[:5],
            "spaces": selectors.spaces(),
            "flagged": selectors.flagged_articles(user)[:10] if user.has_perm(EDIT) else [],
            "held": selectors.held_posts().count() if user.has_perm(MODERATE) else 0,
        },
    )


@staff_required(perm=HUB)
@require_http_methods(["GET"])
def search(request):
    results = selectors.search(request.GET.get("q"), request.user)
    return render(request, "practice/staff/search.html", {"results": results})


# --- guidance ---------------------------------------------------------------------------------


@staff_required(perm=EDIT)
@require_http_methods(["GET"])
def guidance(request):
    return render(
        request,
        "practice/staff/guidance.html",
        {
            "drafts": selectors.drafts_for(request.user),
            "articles": selectors.articles_for(request.user),
        },
    )


@staff_required(perm=EDIT)
@require_http_methods(["GET", "POST"])
def new_draft(request):
    if request.method == "POST":
        form = DraftForm(request.POST)
        if form.is_valid():
            try:
                draft = services.start_draft(request.user, _text(form.cleaned_data))
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("practice_staff:draft", pk=draft.pk)
    else:
        initial = {"review_by": timezone.localdate() + timedelta(days=365), "is_public": "no"}
        topic = selectors.advice_topic(request.GET.get("topic"))
        if topic:  # started from a common question
            initial.update(title=topic.public_name, slug=topic.slug)
        form = DraftForm(initial=initial)
    return render(
        request,
        "practice/staff/draft_form.html",
        {"form": form, "article": None},
        status=400 if form.is_bound else 200,
    )


def _article_or_404(request, pk, perm: str = EDIT):
    article = selectors.get_article(pk)
    if article is None:
        raise Http404(_("No such article."))
    if not request.user.has_perm(perm, article):
        _refuse(request, article, "article of another organisation")
    return article


@staff_required(perm=EDIT)
@require_http_methods(["GET"])
def article(request, pk):
    found = _article_or_404(request, pk)
    return render(
        request,
        "practice/staff/article.html",
        {
            "article": found,
            "version": found.current_version,
            "flags": selectors.open_flags(article=found),
            "history": selectors.editorial_history(found)[:50],
            "confirm_form": ConfirmForm(),
        },
    )


@staff_required(perm=EDIT)
@require_http_methods(["GET", "POST"])
def new_version(request, pk):
    found = _article_or_404(request, pk)
    if request.method == "POST":
        form = DraftForm(request.POST, existing=True, initial={"slug": found.slug})
        if form.is_valid():
            try:
                draft = services.start_draft(
                    request.user, _text(form.cleaned_data, found.slug), article=found
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("practice_staff:draft", pk=draft.pk)
    else:
        text = services.draft_text_of(found)
        form = DraftForm(
            existing=True, initial={**text.__dict__, "is_public": "yes" if text.is_public else "no"}
        )
    return render(
        request,
        "practice/staff/draft_form.html",
        {"form": form, "article": found},
        status=400 if form.is_bound else 200,
    )


@staff_required(perm=EDIT)
@require_POST
def confirm(request, pk):
    found = _article_or_404(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.confirm_still_right(request.user, found, form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Marked as checked."))
        return redirect("practice_staff:article", pk=found.pk)
    return render(
        request,
        "practice/staff/article.html",
        {
            "article": found,
            "version": found.current_version,
            "flags": selectors.open_flags(article=found),
            "history": selectors.editorial_history(found)[:50],
            "confirm_form": form,
        },
        status=400,
    )


def _draft_or_404(request, pk):
    draft = selectors.get_draft(pk)
    if draft is None:
        raise Http404(_("No such draft."))
    if not request.user.has_perm(EDIT, draft):
        _refuse(request, draft, "draft of another organisation")
    return draft


def _draft_page(request, draft, *, form=None, return_form=None, status=200):
    if form is None:
        form = DraftForm(
            existing=draft.article_id is not None,
            initial={
                "slug": draft.slug,
                "title": draft.title,
                "summary": draft.summary,
                "body": draft.body,
                "sources": draft.sources,
                "cites": draft.cites,
                "review_by": draft.review_by,
                "is_public": "yes" if draft.is_public else "no",
            },
        )
    return render(
        request,
        "practice/staff/draft.html",
        {
            "draft": draft,
            "form": form,
            "return_form": return_form or ReturnForm(),
            "second_editor": request.user.pk not in (draft.author_id, draft.last_edited_by_id),
            "editable": draft.state != DraftState.PUBLISHED,
            "history": draft.events.select_related("actor")[:30],
        },
        status=status,
    )


@staff_required(perm=EDIT)
@require_http_methods(["GET", "POST"])
def draft(request, pk):
    found = _draft_or_404(request, pk)
    if request.method == "POST":
        form = DraftForm(
            request.POST, existing=found.article_id is not None, initial={"slug": found.slug}
        )
        if form.is_valid():
            try:
                services.edit_draft(request.user, found, _text(form.cleaned_data, found.slug))
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("practice_staff:draft", pk=found.pk)
        return _draft_page(request, found, form=form, status=400)
    return _draft_page(request, found)


@staff_required(perm=EDIT)
@require_POST
def draft_action(request, pk, action):
    found = _draft_or_404(request, pk)
    try:
        if action == "submit":
            services.submit_draft(request.user, found)
            messages.success(request, _("Sent for review. Another editor must publish it."))
        elif action == "publish":
            published = services.publish_draft(request.user, found)
            messages.success(request, _("Published."))
            return redirect("practice_staff:article", pk=published.pk)
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                return _draft_page(request, found, return_form=form, status=400)
            services.return_draft(request.user, found, form.cleaned_data["note"])
            messages.success(request, _("Returned to the writer."))
        else:
            raise Http404(_("No such action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("practice_staff:draft", pk=found.pk)


@staff_required(perm=EDIT)
@require_http_methods(["GET"])
def scripts(request):
    return render(request, "practice/staff/scripts.html", {"scripts": selectors.scripts()})


@staff_required(perm=EDIT)
@require_http_methods(["GET", "POST"])
def script(request, pk):
    found = selectors.scripts().filter(pk=selectors._pk(pk) or 0).first()
    if found is None:
        raise Http404(_("No such script."))
    if request.user.organisation.kind != "national_advice":
        _refuse(request, found, "scripts belong to the national advice service")
    if request.method == "POST":
        form = ScriptCitationsForm(request.POST)
        if form.is_valid():
            services.set_script_citations(request.user, found, form.cleaned_data["cites"])
            messages.success(request, _("Citations saved; the script is marked as checked."))
            return redirect("practice_staff:scripts")
    else:
        form = ScriptCitationsForm(
            initial={"cites": "\n".join(c.text for c in found.citations.all())}
        )
    return render(
        request,
        "practice/staff/script.html",
        {"script": found, "form": form, "flags": selectors.open_flags(script=found)},
        status=400 if form.is_bound else 200,
    )


# --- learning ---------------------------------------------------------------------------------


@staff_required(perm=HUB)
@require_http_methods(["GET"])
def learning(request):
    topic = request.GET.get("topic", "")
    topic = topic if topic in Topic.values else ""
    audience = request.GET.get("audience", "")
    return render(
        request,
        "practice/staff/learning.html",
        {
            "resources": selectors.resources(topic=topic, audience=audience)[:100],
            "events": selectors.upcoming_events(Audience.STAFF, topic)[:50],
            "carer_events": selectors.upcoming_events(Audience.CARERS, topic)[:50],
            "organised": selectors.events_organised_by(request.user)[:20]
            if request.user.has_perm(TRAIN)
            else [],
            "topics": Topic.choices,
            "topic": topic,
            "audience": audience,
        },
    )


@staff_required(perm=TRAIN)
@require_http_methods(["GET", "POST"])
def new_resource(request):
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_resource(
            request.user,
            title=data["title"],
            kind=data["kind"],
            url=data["url"],
            description=data["description"],
            topic=data["topic"],
            **{f"for_{a}": a in data["audiences"] for a in ("carers", "practitioners", "advisers")},
        )
        messages.success(request, _("Resource added."))
        return redirect("practice_staff:learning")
    return render(
        request,
        "practice/staff/form.html",
        {"form": form, "title": _("Add a learning resource"), "button": _("Add resource")},
        status=400 if form.is_bound else 200,
    )


@staff_required(perm=TRAIN)
@require_http_methods(["GET", "POST"])
def new_event(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.create_event(request.user, services.EventDetails(**data))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Event added."))
            return redirect("practice_staff:event_sign_ups", pk=event.pk)
    return render(
        request,
        "practice/staff/form.html",
        {"form": form, "title": _("Add a training event"), "button": _("Add event")},
        status=400 if form.is_bound else 200,
    )


def _staff_event_or_404(pk):
    event = selectors.get_event(pk, Audience.STAFF)
    if event is None:
        raise Http404(_("No such event."))
    return event


@staff_required(perm=HUB)
@require_http_methods(["GET"])
def event(request, pk):
    found = _staff_event_or_404(pk)
    return render(
        request,
        "practice/staff/event.html",
        {
            "event": found,
            "left": max(0, found.capacity - found.taken),
            "signed_up": found.sign_ups.filter(user=request.user).exists(),
            "organiser": request.user.has_perm(TRAIN, found),
        },
    )


@staff_required(perm=HUB)
@require_POST
def event_sign_up(request, pk):
    found = _staff_event_or_404(pk)
    if request.POST.get("action") == "cancel":
        services.cancel_staff_sign_up(request.user, found)
        messages.success(request, _("Your place is cancelled."))
        return redirect("practice_staff:event", pk=found.pk)
    try:
        services.sign_up_staff(request.user, found)
    except services.EventFull:
        messages.error(request, _("Sorry, this event is full."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You have a place. Add it to your calendar below."))
    return redirect("practice_staff:event", pk=found.pk)


@staff_required(perm=HUB)
@require_http_methods(["GET"])
def event_calendar(request, pk):
    found = _staff_event_or_404(pk)
    body = ical.calendar([found], site_url(), lambda e: absolute_url("practice_staff:event", e.pk))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{found.pk}.ics"'
    return response


@staff_required(perm=HUB)
@require_http_methods(["GET"])
def my_calendar(request):
    """Every staff event the person signed up to, for a one-off import into their calendar."""
    body = ical.calendar(
        selectors.my_events(request.user),
        site_url(),
        lambda e: absolute_url("practice_staff:event", e.pk),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-training.ics"'
    return response


@staff_required(perm=TRAIN)
@require_http_methods(["GET"])
def event_sign_ups(request, pk):
    found = selectors.get_event(pk)
    if found is None:
        raise Http404(_("No such event."))
    if not request.user.has_perm(TRAIN, found):
        _refuse(request, found, "event of another organisation")
    return render(
        request,
        "practice/staff/event_sign_ups.html",
        {"event": found, "sign_ups": found.sign_ups.select_related("user")},
    )


# --- communities ------------------------------------------------------------------------------


@staff_required(perm=HUB)
@require_http_methods(["GET"])
def common_questions(request):
    return render(
        request,
        "practice/staff/common_questions.html",
        {
            "questions": selectors.common_questions(),
            "days": selectors.COMMON_QUESTION_DAYS,
            "can_edit": request.user.has_perm(EDIT),
            "spaces": selectors.spaces(),
        },
    )


def _space_or_404(slug):
    found = selectors.get_space(slug)
    if found is None:
        raise Http404(_("No such space."))
    return found


@staff_required(perm=HUB)
@require_http_methods(["GET"])
def space(request, slug):
    found = _space_or_404(slug)
    return render(
        request,
        "practice/staff/space.html",
        {"space": found, "threads": selectors.threads_in(found)[:100]},
    )


@staff_required(perm=HUB)
@require_http_methods(["GET", "POST"])
def new_thread(request, slug):
    found = _space_or_404(slug)
    if request.method == "POST":
        form = ThreadForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            topic = selectors.advice_topic(data.get("from_topic"))
            try:
                thread, posted = services.start_thread(
                    request.user, found, data["title"], data["body"], topic.slug if topic else ""
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                _posted_message(request, posted)
                return redirect("practice_staff:thread", pk=thread.pk)
    else:
        topic = selectors.advice_topic(request.GET.get("topic"))
        form = ThreadForm(
            initial={"title": topic.public_name, "from_topic": topic.slug} if topic else {}
        )
    return render(
        request,
        "practice/staff/thread_form.html",
        {"space": found, "form": form},
        status=400 if form.is_bound else 200,
    )


def _posted_message(request, posted: services.Posted) -> None:
    if posted.held:
        messages.warning(
            request,
            _(
                "Your post seems to hold personal details (%(kinds)s), so a moderator will read it "
                "before anyone else sees it. Nothing about a family may be posted here."
            )
            % {"kinds": ", ".join(posted.concerns)},
        )
    else:
        messages.success(request, _("Posted."))


@staff_required(perm=HUB)
@require_http_methods(["GET", "POST"])
def thread(request, pk):
    found = selectors.get_thread(pk)
    if found is None:
        raise Http404(_("No such discussion."))
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            _posted_message(request, services.reply(request.user, found, form.cleaned_data["body"]))
            return redirect("practice_staff:thread", pk=found.pk)
    else:
        form = ReplyForm()
    return render(
        request,
        "practice/staff/thread.html",
        {
            "thread": found,
            "posts": selectors.posts_of(found, request.user),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@staff_required(perm=MODERATE)
@require_http_methods(["GET"])
def moderation(request):
    return render(request, "practice/staff/moderation.html", {"posts": selectors.held_posts()})


@staff_required(perm=MODERATE)
@require_http_methods(["GET", "POST"])
def moderate(request, pk):
    post = selectors.get_post(pk)
    if post is None:
        raise Http404(_("No such post."))
    form = ModerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate(
                request.user, post, form.cleaned_data["decision"], form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("practice_staff:moderation")
    return render(
        request,
        "practice/staff/moderate.html",
        {"post": post, "form": form},
        status=400 if form.is_bound else 200,
    )
