from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.families.models import ConsentMethod, ContactChannel
from kinship.places.selectors import council_choices

from .models import (
    AgreedHow,
    ContactKind,
    EndReason,
    MentorOffer,
    ProfessionalKind,
    RequestSource,
)

DATE = forms.DateInput(attrs={"type": "date"})
CONSENT_CHOICES = [("", _("The family already agreed (recorded on their record)"))] + list(
    ConsentMethod.choices
)


class AreasMixin:
    def set_areas(self):
        self.fields["councils"].choices = council_choices()


class MentorForm(AreasMixin, forms.Form):
    user = forms.TypedChoiceField(
        label=_("Mentor"),
        coerce=int,
        empty_value=None,
        help_text=_(
            "A member of your staff in the mentor role. Invite them from 'Our staff' first."
        ),
    )
    councils = forms.MultipleChoiceField(
        label=_("Areas they cover"), widget=forms.CheckboxSelectMultiple
    )
    offers = forms.MultipleChoiceField(
        label=_("What they can offer"),
        choices=MentorOffer.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=_("When they are available"),
        max_length=300,
        help_text=_("For example: weekday evenings, some Saturdays."),
    )
    checks_confirmed_on = forms.DateField(
        label=_("Date the scheme confirmed their checks"), widget=DATE
    )
    checks_renew_by = forms.DateField(
        label=_("Checks must be renewed by"),
        widget=DATE,
        help_text=_(
            "Your scheme's policy. After this date they cannot be matched until the "
            "checks are renewed, and you are told."
        ),
    )
    is_active = forms.BooleanField(label=_("Taking on families"), required=False, initial=True)

    def __init__(self, *args, users=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_areas()
        if editing:
            del self.fields["user"]
        else:
            self.fields["user"].choices = [("", _("Choose a member of staff"))] + [
                (u.pk, u.full_name) for u in users
            ]


class AskForm(forms.Form):
    """The carer's own request for a mentor (public)."""

    council = forms.ChoiceField(label=_("Your council area"))
    carer_name = forms.CharField(label=_("Your name"), max_length=150)
    preferred_channel = forms.ChoiceField(
        label=_("How should the scheme contact you?"),
        widget=forms.RadioSelect,
        choices=[(c, label) for c, label in ContactChannel.choices if c != ContactChannel.LETTER],
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email address"), max_length=254, required=False)
    best_time = forms.CharField(
        label=_("Best time to contact you (optional)"), max_length=200, required=False
    )
    wants = forms.MultipleChoiceField(
        label=_("What would help (optional)"),
        choices=MentorOffer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    about = forms.CharField(
        label=_("Anything you would like the scheme to know (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    agree = forms.BooleanField(
        label=_(
            "I agree that what I have written here is shared with the mentoring scheme "
            "in my area, so that they can contact me"
        )
    )
    source = forms.ChoiceField(
        choices=RequestSource.choices, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Choose your council area"))] + list(
            council_choices()
        )

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("preferred_channel")
        if (
            channel in (ContactChannel.PHONE, ContactChannel.TEXT)
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", _("Enter a phone number, or choose another way"))
        if (
            channel == ContactChannel.EMAIL
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Enter an email address, or choose another way"))
        return cleaned


class FamilyAskForm(forms.Form):
    """A worker asking for a mentor for a family."""

    household = forms.TypedChoiceField(label=_("Family"), coerce=int, empty_value=None)
    wants = forms.MultipleChoiceField(
        label=_("What would help"),
        choices=MentorOffer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    about = forms.CharField(
        label=_("What the scheme should know"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent_method = forms.ChoiceField(
        label=_("How the family agreed to share with the mentoring scheme"),
        choices=CONSENT_CHOICES,
        required=False,
    )

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", _("Choose a family"))] + list(households)


class MatchForm(forms.Form):
    mentor = forms.TypedChoiceField(
        label=_("Mentor"), coerce=int, empty_value=None, widget=forms.RadioSelect
    )
    review_due_on = forms.DateField(label=_("Review the match on"), widget=DATE)

    def __init__(self, *args, mentors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = list(mentors)


class CloseRequestForm(forms.Form):
    note = forms.CharField(label=_("Why close it without a match"), max_length=300)


class ContactForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    note = forms.CharField(
        label=_("Brief note (optional)"),
        max_length=300,
        required=False,
        help_text=_("Keep it short: no more than the scheme needs."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(
        label=_("Review note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_review_on = forms.DateField(label=_("Next review"), widget=DATE)


class EndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.ChoiceField(
        label=_("Why the match is ending"),
        choices=[("", _("Choose a reason"))] + list(EndReason.choices),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class OfferForm(AreasMixin, forms.Form):
    service = forms.ChoiceField(label=_("Service that receives requests"))
    title = forms.CharField(label=_("What the break is"), max_length=150)
    who_for = forms.CharField(label=_("Who it is for"), max_length=300)
    where = forms.CharField(label=_("Where"), max_length=200)
    when = forms.CharField(label=_("When"), max_length=200)
    min_age = forms.IntegerField(label=_("Youngest age"), min_value=0, max_value=25)
    max_age = forms.IntegerField(label=_("Oldest age"), min_value=0, max_value=25)
    councils = forms.MultipleChoiceField(
        label=_("Areas it is offered in"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_areas()
        self.fields["service"].choices = [("", _("Choose a service"))] + list(services)


class BreakRequestForm(forms.Form):
    household = forms.TypedChoiceField(label=_("Family"), coerce=int, empty_value=None)
    reason = forms.CharField(
        label=_("Why the family would benefit"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_method = forms.ChoiceField(
        label=_("How the family agreed to share with the scheme"),
        choices=CONSENT_CHOICES,
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", _("Choose a family"))] + list(households)


class ProfessionalForm(forms.Form):
    """A professional without an account refers a carer to the advice service."""

    professional_name = forms.CharField(label=_("Your name"), max_length=150)
    professional_role = forms.CharField(
        label=_("Your role"),
        max_length=100,
        help_text=_("For example: class teacher, health visitor."),
    )
    professional_organisation = forms.CharField(label=_("Where you work"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", _("Choose one"))] + list(ProfessionalKind.choices),
    )
    work_email = forms.EmailField(
        label=_("Your work email"),
        max_length=254,
        help_text=_("We send the link to follow progress here."),
    )
    work_phone = forms.CharField(
        label=_("Your work phone (optional)"), max_length=40, required=False
    )
    carer_name = forms.CharField(label=_("The carer's name"), max_length=150)
    council = forms.ChoiceField(label=_("The carer's council area (optional)"), required=False)
    contact_method = forms.ChoiceField(
        label=_("How the carer wants to be contacted"),
        widget=forms.RadioSelect,
        choices=[("phone", _("Phone call")), ("text", _("Text message")), ("email", _("Email"))],
    )
    phone = forms.CharField(label=_("The carer's phone number"), max_length=40, required=False)
    email = forms.EmailField(label=_("The carer's email address"), max_length=254, required=False)
    best_time = forms.CharField(
        label=_("Best time to contact them (optional)"), max_length=200, required=False
    )
    what_is_happening = forms.CharField(
        label=_("What the carer would like help with"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    agreed = forms.BooleanField(
        label=_("The carer agreed to be referred to the advice service and to be contacted")
    )
    agreed_how = forms.ChoiceField(
        label=_("How they agreed"), widget=forms.RadioSelect, choices=AgreedHow.choices
    )
    consent_statement = forms.CharField(
        label=_("What they agreed to, in a sentence"),
        max_length=500,
        help_text=_("For example: Mrs Smith asked me to pass her number to the advice line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Not known"))] + list(council_choices())

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if method == "email" and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the carer's email address, or choose another way"))
        if method in ("phone", "text") and not cleaned.get("phone"):
            self.add_error("phone", _("Enter the carer's phone number, or choose another way"))
        return cleaned
