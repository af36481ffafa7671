"""Forms of the practice hub. Everything renders in the design system (core.forms); a form
posted half-done comes back with what was typed."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.advice.forms import no_markup

from . import citations
from .models import Audience, ResourceKind, Topic


class CarerContact(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DraftForm(forms.Form):
    slug = forms.SlugField(
        label=_("Web address (letters, numbers and dashes)"),
        max_length=100,
        help_text=_("For example: kinship-care-order. Fixed once published."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, validators=[no_markup])
    summary = forms.CharField(label=_("Summary"), max_length=300, validators=[no_markup])
    body = forms.CharField(
        label=_("Text"),
        max_length=20000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        max_length=3000,
        required=False,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: Title | https://address. Every fact must cite one."),
    )
    cites = forms.CharField(
        label=_("What this article relies on"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line: rule:[rule id], sra:[age a band starts at], "
            "rate:[council code]:[carer type] or service:[directory service id]. "
            "When one of them changes, the article is flagged for review."
        ),
    )
    review_by = forms.DateField(
        label=_("Review by (YYYY-MM-DD)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    is_public = forms.TypedChoiceField(
        label=_("Who can read it"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Everyone (public guidance)")), ("no", _("Staff only"))],
    )

    def __init__(self, *args, existing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if existing:
            self.fields["slug"].required = False
            self.fields["slug"].disabled = True

    def clean_review_by(self):
        value = self.cleaned_data["review_by"]
        if not timezone.localdate() <= value <= timezone.localdate() + timedelta(days=3 * 366):
            raise forms.ValidationError(_("Enter a date from today to three years ahead"))
        return value

    def clean_sources(self):
        value = self.cleaned_data["sources"]
        for line in value.splitlines():
            if line.strip() and not line.partition("|")[2].strip().startswith("https://"):
                raise forms.ValidationError(_("Write each source as: Title | https://address"))
        return value

    def clean_cites(self):
        value = self.cleaned_data["cites"]
        try:
            citations.parse(value.splitlines())
        except citations.CitationError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What needs changing?"),
        max_length=1000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("What did you check?"),
        max_length=1000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScriptCitationsForm(forms.Form):
    cites = DraftForm.base_fields["cites"]

    def clean_cites(self):
        return DraftForm.clean_cites(self)  # type: ignore[arg-type]  # same check, same field


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[no_markup])
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    url = forms.URLField(label=_("Address (https://…)"), max_length=500, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    audiences = forms.MultipleChoiceField(
        label=_("Who is it for?"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("carers", _("Carers")),
            ("practitioners", _("Practitioners")),
            ("advisers", _("Advisers")),
        ],
    )

    def clean_url(self):
        value = self.cleaned_data["url"]
        if not value.startswith("https://"):
            raise forms.ValidationError(_("Give a secure address starting https://"))
        return value


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[no_markup])
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices, widget=forms.RadioSelect)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        validators=[no_markup],
        help_text=_("Leave empty if online only."),
    )
    online_url = forms.URLField(
        label=_("Online link (https://…)"), max_length=500, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=5000)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_at", _("The event must end after it starts"))
            if starts < timezone.now() or starts.date() > date.today() + timedelta(days=800):
                self.add_error("starts_at", _("Enter a time in the next two years"))
        if not (cleaned.get("place") or cleaned.get("online_url")) and not self.errors:
            self.add_error("place", _("Say where the event is, or give its online link"))
        return cleaned


class CarerSignUpForm(forms.Form):
    """Only a name and one way to reach them: nothing else about the family."""

    name = forms.CharField(label=_("Your name"), max_length=150, validators=[no_markup])
    contact_by = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=CarerContact.choices,
        widget=forms.RadioSelect,
    )
    contact = forms.CharField(
        label=_("Your email address or phone number"), max_length=254, validators=[no_markup]
    )

    def clean(self):
        cleaned = super().clean()
        contact, how = cleaned.get("contact", ""), cleaned.get("contact_by")
        if contact and how == CarerContact.EMAIL:
            try:
                forms.EmailField().clean(contact)
            except forms.ValidationError:
                self.add_error("contact", _("Enter an email address like name@example.com"))
        elif contact and how == CarerContact.PHONE:
            digits = "".join(ch for ch in contact if ch.isdigit())
            if not (10 <= len(digits) <= 13) or any(ch not in "0123456789 +-()" for ch in contact):
                self.add_error("contact", _("Enter a phone number like 01632 960 001"))
        return cleaned


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Question or topic"), max_length=200, validators=[no_markup])
    body = forms.CharField(
        label=_("Your post"),
        max_length=5000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Nothing about a family: no names, dates of birth, addresses, postcodes, "
            "phone numbers or email addresses. Posts that seem to hold any wait for a "
            "moderator."
        ),
    )
    from_topic = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    body = ThreadForm.base_fields["body"]


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("published", _("Publish: nothing about a family")),
            ("removed", _("Remove: it holds personal details")),
        ],
    )
    note = forms.CharField(
        label=_("Note (optional)"), max_length=500, required=False, validators=[no_markup]
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
