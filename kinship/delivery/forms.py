"""Forms: staff editing the plan (every change needs a reason), analysts' moderation and
themes, and the public "have your say" form (no names, no contact details)."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.advice.forms import no_markup

from .models import Audience, Status, ThemeSuggestion
from .selectors import areas_with_commitments, commitment_choices

REASON = forms.CharField(
    label=_("Why is this changing?"),
    max_length=1000,
    widget=forms.Textarea(attrs={"rows": 3}),
    help_text=_("Shown publicly in the plan's history, with your name and organisation."),
    validators=[no_markup],
)


class CommitmentForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    owner = forms.CharField(
        label=_("Owner"),
        max_length=200,
        required=False,
        validators=[no_markup],
        help_text=_("The team or organisation responsible."),
    )
    reason = REASON


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300, validators=[no_markup])
    due_on = forms.DateField(
        label=_("Due (YYYY-MM-DD)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    owner = forms.CharField(label=_("Owner"), max_length=200, validators=[no_markup])
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = REASON

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if not date(2020, 1, 1) <= due <= date(2050, 12, 31):
            raise forms.ValidationError(_("Enter a date between 2020 and 2050"))
        return due


class ReadingForm(forms.Form):
    value = forms.DecimalField(
        label=_("Figure"),
        max_digits=9,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal("9999999"),
    )
    measured_on = forms.DateField(
        label=_("Date the figure is for (YYYY-MM-DD)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        validators=[no_markup],
        help_text=_("Where the figure was published: a title and address."),
    )
    reason = REASON

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_value(self):
        value = self.cleaned_data["value"]
        if self.unit == "percent" and value > 100:
            raise forms.ValidationError(_("A percentage cannot be more than 100"))
        return value


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("Approve: use in the analysis")),
            ("reject", _("Reject: not about kinship care, abusive, or cannot be made safe")),
        ],
    )
    published_text = forms.CharField(
        label=_("Text to publish"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[no_markup],
        help_text=_(
            "Only if the person agreed to publish. Remove anything that could identify someone."
        ),
    )


class SuggestionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ThemeSuggestion.Decision.ACCEPTED, _("Accept")),
            (ThemeSuggestion.Decision.EDITED, _("Accept with this name")),
            (ThemeSuggestion.Decision.REJECTED, _("Reject")),
        ]
    )
    name = forms.CharField(
        label=_("Theme name"), max_length=120, required=False, validators=[no_markup]
    )


class ThemeForm(forms.Form):
    commitment = forms.TypedChoiceField(
        label=_("Commitment this theme is about"), required=False, coerce=int, empty_value=None
    )
    we_did = forms.CharField(
        label=_("What we did (you said, we did)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_markup],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].choices = [("", _("Not linked yet"))] + commitment_choices()


# --- have your say -----------------------------------------------------------------------------

WORDS = {
    Audience.FAMILY: {
        "works": _("What is working well for your family?"),
        "does_not_work": _("What is not working, or what would help?"),
        "about": _("What is it about?"),
    },
    Audience.PROFESSIONAL: {
        "works": _("What is working well in your practice?"),
        "does_not_work": _("What is not working, or what would help families?"),
        "about": _("Which part of the offer is it about?"),
    },
    Audience.YOUNG_PERSON: {
        "works": _("What is good? What helps you?"),
        "does_not_work": _("What is not good? What would make things better?"),
        "about": _("What do you want to talk about?"),
    },
}

# Young people choose from the six areas in their own words, not the policy text.
YOUNG_AREAS = {
    "voice": _("Being listened to and having a say"),
    "family": _("Help for my family and staying in touch with people I love"),
    "care": _("Being treated fairly, money, and support as I grow up"),
    "people": _("The adults who help me and my carer"),
    "scaffolding": _("How everything fits together"),
    "kcass": _("Getting advice and knowing where to go"),
}


class FeedbackForm(forms.Form):
    about = forms.ChoiceField(required=False)
    works = forms.CharField(
        required=False,
        max_length=2000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    does_not_work = forms.CharField(
        required=False,
        max_length=2000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    may_publish = forms.BooleanField(required=False)
    # A spam trap: hidden from people (CSS and aria-hidden, out of the tab order), so only
    # programs that fill in every box fill it in. Drawn by hand in voice/_fields.html.
    website = forms.CharField(required=False)

    def __init__(self, *args, audience: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience = audience
        words = WORDS[audience]
        young = audience == Audience.YOUNG_PERSON
        self.fields["works"].label = words["works"]
        self.fields["does_not_work"].label = words["does_not_work"]
        self.fields["about"].label = words["about"]
        general = _("Anything") if young else _("Kinship care in general")
        if young:
            choices = [("", general)] + [
                (f"area-{a.pk}", YOUNG_AREAS.get(a.slug, a.title)) for a in areas_with_commitments()
            ]
        else:
            choices = [("", general)] + [
                (group, [(f"commitment-{pk}", label) for pk, label in items])
                for group, items in commitment_choices()
            ]
        self.fields["about"].choices = choices
        self.fields["may_publish"].label = (
            _("You can share my words (without anything that could tell people who I am)")
            if young
            else _("You may publish my words, with anything personal taken out")
        )
        hint = (
            _("Please do not write your name or anyone else's, or where you live.")
            if young
            else _(
                "Please do not include names, addresses, phone numbers or anything "
                "else that could identify you or a child."
            )
        )
        self.fields["works"].help_text = hint

    def clean(self):
        data = super().clean()
        if not (data.get("works", "").strip() or data.get("does_not_work", "").strip()):
            raise forms.ValidationError(_("Write something in at least one of the boxes"))
        return data

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website", "").strip())

    def target(self):
        """(area id, commitment id) chosen, or None for either."""
        about = self.cleaned_data.get("about") or ""
        kind, _sep, pk = about.partition("-")
        if not pk.isdigit():
            return None, None
        return (int(pk), None) if kind == "area" else (None, int(pk))
