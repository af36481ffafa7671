"""Forms: the public request, the family's record access, and the worker's assessment pages.
Text checks (no markup, UK phone numbers, length messages) are the advice hub's, reused."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.advice.forms import line_field, text_field, uk_phone
from kinship.families.models import ConsentMethod
from kinship.places.postcodes import lookup_postcode

from .models import ContactMethod, Requester
from .wellbeing import CarerNeed, KindOfSupport, Rating

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MAX_CHILD_ROWS = 4


def _needs(field, message):
    """The advice hub's field builders set their own messages; add the "required" one."""
    field.error_messages["required"] = message
    return field


class RequestForm(forms.Form):
    requester = forms.ChoiceField(
        label=_("Who is asking?"),
        widget=forms.RadioSelect,
        choices=[
            (Requester.CARER, _("I am a kinship carer")),
            (Requester.YOUNG_PERSON, _("I am a young person living with kinship carers")),
        ],
        error_messages={"required": _("Say whether you are a carer or a young person")},
    )
    what_is_happening = text_field(
        _("What would you like help with?"),
        required=True,
        rows=6,
        help_text=_("Tell us in your own words what is happening for your family."),
    )
    children_summary = line_field(
        _("The children in your family"),
        max_length=300,
        help_text=_("First names and ages are enough, for example: Amy 7, Josh 12."),
    )
    postcode = _needs(
        line_field(
            _("Postcode"),
            max_length=20,
            required=True,
            help_text=_(
                "So we can send your request to your council's kinship team. The first "
                "part, like PA2, is enough."
            ),
        ),
        _("Enter your postcode, or the first part of it"),
    )
    contact_name = _needs(line_field(_("Your name"), required=True), _("Enter your name"))
    contact_method = forms.ChoiceField(
        label=_("How should the team contact you?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the team should contact you")},
    )
    phone = line_field(
        _("Phone number"),
        max_length=30,
        validators=[uk_phone],
        help_text=_("For a phone call or text message."),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an email address like name@example.com")},
    )
    best_time = line_field(_("When is a good time to contact you?"), max_length=200)
    safe_to_leave_message = forms.ChoiceField(
        label=_("Is it safe to leave a message, or send a text or email?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Say no if someone else might see or hear it."),
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = None

    def clean_postcode(self):
        lookup = lookup_postcode(self.cleaned_data.get("postcode", ""))
        if not lookup.ok:
            raise forms.ValidationError(lookup.message)
        self.council = lookup.council
        return lookup.outward

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if (
            method in (ContactMethod.PHONE, ContactMethod.TEXT)
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", _("Enter a phone number, or choose email"))
        if (
            method == ContactMethod.EMAIL
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Enter an email address, or choose another way"))
        if method and not cleaned.get("safe_to_leave_message"):
            self.add_error("safe_to_leave_message", _("Tell us if it is safe to leave a message"))
        return cleaned


class FamilyAccessForm(forms.Form):
    reference = forms.CharField(
        label=_("Your reference"),
        max_length=20,
        help_text=_("For example KA-7F3K-9QPD"),
        error_messages={"required": _("Enter your reference")},
    )
    secret = forms.CharField(
        label=_("Your secret"),
        max_length=30,
        help_text=_("The secret you were given when you asked for the assessment"),
        error_messages={"required": _("Enter your secret")},
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
    )


class RequestForFamilyForm(forms.Form):
    what_is_happening = text_field(
        _("Why the family would like an assessment"), required=True, rows=4
    )


class StartForm(forms.Form):
    """Taking up a public request: the family's record needs the children's names."""

    carer_name = line_field(_("Carer's name"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(MAX_CHILD_ROWS):
            self.fields[f"child_{i}_name"] = _needs(
                line_field(_("Child %(n)d: full name") % {"n": i + 1}, required=i == 0),
                _("Enter at least one child's name"),
            )
            self.fields[f"child_{i}_dob"] = forms.DateField(
                label=_("Child %(n)d: date of birth") % {"n": i + 1},
                required=False,
                help_text=_("For example 2015-03-27"),
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": _("Enter a date like 2015-03-27")},
            )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for i in range(MAX_CHILD_ROWS):
            dob = cleaned.get(f"child_{i}_dob")
            if dob and (dob > today or dob.year < today.year - 26):
                self.add_error(f"child_{i}_dob", _("Enter a real date of birth"))
        return cleaned

    def children(self):
        return [
            (self.cleaned_data.get(f"child_{i}_name", ""), self.cleaned_data.get(f"child_{i}_dob"))
            for i in range(MAX_CHILD_ROWS)
        ]


class DeclineForm(forms.Form):
    message = text_field(
        _("What to tell the family"),
        required=True,
        rows=4,
        max_length=2000,
        help_text=_(
            "Why, and where else they can get help. The family reads this with their reference."
        ),
    )


RATING_CHOICES = [("", _("Not rated yet"))] + [(str(v), label) for v, label in Rating.choices]


def _rating(value):
    return int(value) if value else None


class FamilyNeedsForm(forms.Form):
    child_words_shared = forms.BooleanField(
        label=_(
            "The child (or carer) agreed that organisations the family shares with may "
            "read the child's own words"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in CarerNeed.choices:
            self.fields[f"need_{value}"] = text_field(label, rows=2, max_length=2000)

    def needs(self) -> dict[str, str]:
        return {v: self.cleaned_data.get(f"need_{v}", "") for v in CarerNeed.values}


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=KindOfSupport.choices)
    what = line_field(_("What will be done"), required=True, max_length=500)
    owner_name = line_field(
        _("Who will do it"), required=True, help_text=_("A name, or for example: the carer")
    )
    due_on = forms.DateField(
        label=_("By when"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For example 2026-12-31"),
        error_messages={
            "invalid": _("Enter a date like 2026-12-31"),
            "required": _("Enter a date"),
        },
    )

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Choose a date today or later"))
        return due


class ReferralActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=KindOfSupport.choices)
    what = line_field(_("What was agreed"), required=True, max_length=500)
    service = forms.ChoiceField(label=_("Service to refer to"))
    consent_method = forms.ChoiceField(
        label=_("How the family agreed to share with the service"),
        choices=[("", _("Already recorded on the family's record"))] + list(ConsentMethod.choices),
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Choose a service"))] + list(services)


class IssueForm(forms.Form):
    review_due_on = forms.DateField(
        label=_("Review by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When you will look at this again with the family, for example 2027-03-31"),
        error_messages={
            "invalid": _("Enter a date like 2027-03-31"),
            "required": _("Set a review date"),
        },
    )

    def clean_review_due_on(self):
        due = self.cleaned_data["review_due_on"]
        if due <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date in the future"))
        return due
