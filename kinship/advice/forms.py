"""Forms for families (asking, checking status) and advisers (console). Validation rules live
here once and are shared by the public form and the adviser's quick call log."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.families.models import ConsentMethod, LegalArrangement, Relationship
from kinship.places.postcodes import lookup_postcode
from kinship.places.selectors import council_choices

from .models import Channel, ContactMethod, Outcome, State, Topic

TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
PHONE_CHARS = re.compile(r"^[0-9+()\-\s]+$")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MAX_TEXT = 5000


def no_markup(value: str) -> str:
    if value and TAG.search(value):
        raise forms.ValidationError(
            _("Remove the text between < and > – we cannot accept web code in this box"))
    return value


def uk_phone(value: str) -> str:
    """A UK phone number, kept as typed but checked: 10 or 11 digits starting 0 (or +44)."""
    if not value:
        return value
    if not PHONE_CHARS.match(value):
        raise forms.ValidationError(
            _("Enter a phone number using only numbers, spaces and +, like 07700 900 123"))
    digits = re.sub(r"\D", "", value)
    if value.strip().startswith("+"):
        if not digits.startswith("44"):
            raise forms.ValidationError(_("Enter a UK phone number, like 07700 900 123"))
        digits = "0" + digits[2:]
    if not (digits.startswith("0") and len(digits) in (10, 11)):
        raise forms.ValidationError(
            _("Enter a phone number with 10 or 11 digits, like 07700 900 123"))
    return value.strip()


def _text_errors(required_message=None) -> dict:
    """Plain words for what people actually do wrong in a box (GOV.UK error message style)."""
    errors = {
        "max_length": _("Keep this to %(limit_value)d characters or fewer "
                        "(you wrote %(show_value)d)"),
        # A null character comes from pasting out of some documents, not from typing.
        "null_characters_not_allowed": _("Remove the hidden character that came with pasted "
                                         "text: retype the last part of what you pasted"),
    }
    if required_message:
        errors["required"] = required_message
    return errors


def text_field(label, *, required=False, max_length=MAX_TEXT, rows=5, help_text="",
               required_message=None, **kw):
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}), validators=[no_markup], strip=True,
        error_messages=_text_errors(required_message), **kw)


def line_field(label, *, required=False, max_length=150, help_text="", validators=(),
               required_message=None, **kw):
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        validators=[no_markup, *validators], error_messages=_text_errors(required_message), **kw)


def topic_choices(public: bool = False):
    return [(t.slug, t.public_name if public else t.name) for t in Topic.objects.all()]


def council_field(label, help_text=""):
    return forms.ChoiceField(label=label, required=False, help_text=help_text, choices=())


class ContactMixin:
    """Contact details must match the way the person asked to be contacted."""

    def clean_contact(self, cleaned):
        method = cleaned.get("contact_method")
        need = {
            ContactMethod.PHONE: ("phone", _("Enter a phone number, or choose another way")),
            ContactMethod.TEXT: ("phone", _("Enter a mobile number for texts, or choose "
                                            "another way")),
            ContactMethod.EMAIL: ("email", _("Enter an email address, or choose another way")),
            ContactMethod.LETTER: ("postal_address", _("Enter a postal address, or choose "
                                                       "another way")),
        }
        if method in need:
            name, message = need[method]
            if name in self.fields and not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)


class AskForm(ContactMixin, forms.Form):
    """The family's question. Only the first box is required; anonymous questions are fine."""

    what_is_happening = text_field(
        _("What is happening?"), required=True, rows=8,
        help_text=_("Tell us in your own words. You do not need to give names."),
        required_message=_("Tell us what is happening, in a few words"),
    )
    topics = forms.MultipleChoiceField(
        label=_("What would you like help with?"), required=False, choices=(),
        widget=forms.CheckboxSelectMultiple, help_text=_("Choose any that apply."),
    )
    postcode = line_field(
        _("Postcode"), max_length=20,
        help_text=_("So we can tell you about support near you. The first part, like "
                    "PA2, is enough."),
    )
    council = council_field(_("Council area"), _("We suggest one from your postcode; change "
                                                  "it if it is wrong."))
    contact_name = line_field(_("What should we call you?"),
                              help_text=_("Leave this empty to ask anonymously."))
    contact_method = forms.ChoiceField(
        label=_("How should we reply?"), choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we should reply, or 'Do not contact me'")},
        help_text=_("If you choose 'Do not contact me', you can still read our answer "
                    "online with the reference and secret we give you."),
    )
    phone = line_field(_("Phone number"), max_length=30, validators=[uk_phone],
                       help_text=_("Only if you chose phone call or text message."))
    email = forms.EmailField(
        label=_("Email address"), required=False, max_length=254,
        help_text=_("Only if you chose email."),
        error_messages={"invalid": _("Enter an email address like name@example.com")},
    )
    postal_address = text_field(_("Postal address"), max_length=500, rows=3,
                                help_text=_("Only if you chose letter."))
    best_time = line_field(_("When is a good time to contact you?"), max_length=200,
                           help_text=_("For example: weekday mornings, not after 3pm."))
    safe_to_leave_message = forms.ChoiceField(
        label=_("Is it safe for us to leave a message, or send a text or email?"),
        choices=YES_NO, widget=forms.RadioSelect, required=False,
        help_text=_("Say no if someone else might see or hear it."),
    )
    safe_to_send_letter = forms.ChoiceField(
        label=_("Is it safe for us to send you a letter?"), choices=YES_NO,
        widget=forms.RadioSelect, required=False,
    )
    language = line_field(_("Language you would like us to use, if not English"),
                          max_length=100)
    access_needs = text_field(
        _("Anything that would make it easier to talk to us?"), max_length=1000, rows=3,
        help_text=_("For example an interpreter, British Sign Language or large print."),
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices(public=True)
        self.fields["council"].choices = [("", _("Choose your council area"))] + \
            council_choices()
        self.postcode_lookup = None

    def clean_postcode(self):
        text = self.cleaned_data.get("postcode", "")
        if not text:
            return ""
        lookup = lookup_postcode(text)
        if not lookup.ok:
            raise forms.ValidationError(lookup.message)
        self.postcode_lookup = lookup
        return lookup.outward

    def clean(self):
        cleaned = super().clean()
        self.clean_contact(cleaned)
        method = cleaned.get("contact_method")
        if method in (ContactMethod.PHONE, ContactMethod.TEXT, ContactMethod.EMAIL) and not \
                cleaned.get("safe_to_leave_message"):
            self.add_error("safe_to_leave_message",
                           _("Tell us if it is safe to leave a message"))
        if method == ContactMethod.LETTER and not cleaned.get("safe_to_send_letter"):
            self.add_error("safe_to_send_letter", _("Tell us if it is safe to send a letter"))
        if not cleaned.get("council") and self.postcode_lookup and self.postcode_lookup.council:
            cleaned["council"] = self.postcode_lookup.council.code
        return cleaned


class LogCallForm(ContactMixin, forms.Form):
    """A call logged in under a minute: everything but the summary is optional or defaulted."""

    what_is_happening = text_field(_("Summary of the call"), required=True, rows=4)
    contact_name = line_field(_("Caller's name"), help_text=_("Leave empty if anonymous."))
    phone = line_field(_("Phone number"), max_length=30, validators=[uk_phone])
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False, choices=(),
                                       widget=forms.CheckboxSelectMultiple)
    council = council_field(_("Council area"))
    channel = forms.ChoiceField(label=_("How they got in touch"), choices=Channel.choices,
                                initial=Channel.PHONE)
    contact_method = forms.ChoiceField(label=_("How to reply"), choices=ContactMethod.choices,
                                       initial=ContactMethod.PHONE)
    email = forms.EmailField(label=_("Email address"), required=False, max_length=254)
    safe_to_leave_message = forms.BooleanField(label=_("Safe to leave a message"),
                                               required=False)
    claim_it = forms.BooleanField(label=_("I will deal with it (claim it now)"),
                                  required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices()
        self.fields["council"].choices = [("", _("Not known"))] + council_choices()
        self.fields["what_is_happening"].widget.attrs.update(autofocus=True)

    def clean(self):
        cleaned = super().clean()
        self.clean_contact(cleaned)
        return cleaned


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False,
        choices=[("open", _("Open (not closed)")), ("all", _("All"))] + list(State.choices),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=())
    council = council_field(_("Council area"))
    due = forms.ChoiceField(label=_("Due"), required=False, choices=[
        ("", _("Any time")), ("overdue", _("Overdue")), ("today", _("By the end of today")),
        ("week", _("Within 7 days"))])
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def __init__(self, *args, topic_list=(), councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any topic"))] + [(t.slug, t.name)
                                                               for t in topic_list]
        self.fields["council"].choices = [("", _("Any council"))] + list(councils)


class VersionedForm(forms.Form):
    """A form that changes an enquiry, carrying the version the adviser saw. Several share a
    page, so each gets its own id prefix (ids must be unique on a page)."""

    id_prefix = "change"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class AdviceForm(VersionedForm):
    id_prefix = "advice"
    body = text_field(_("Advice given"), rows=5,
                      help_text=_("What you told the family and anything agreed."))
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False, choices=(),
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices()


class CallbackForm(VersionedForm):
    id_prefix = "callback"
    due_at = forms.DateTimeField(
        label=_("Call back at"), help_text=_("For example 25/11/2026 14:30"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time like 25/11/2026 14:30")},
    )
    note = line_field(_("Note for yourself"), max_length=300)

    def clean_due_at(self):
        due = self.cleaned_data["due_at"]
        if due < timezone.now() - timezone.timedelta(minutes=1):
            raise forms.ValidationError(_("Choose a time in the future"))
        if due > timezone.now() + timezone.timedelta(days=366):
            raise forms.ValidationError(_("Choose a time within the next year"))
        return due


class CloseForm(VersionedForm):
    id_prefix = "close"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    note = text_field(_("Closing note"), max_length=2000, rows=3)


class FamilyMessageForm(VersionedForm):
    id_prefix = "message"
    message = text_field(
        _("Message for the family"), required=True, max_length=2000, rows=4,
        help_text=_("They see this when they check their enquiry with their secret. "
                    "We only tell them there is a message, by the way they chose."),
    )


class AssignForm(VersionedForm):
    id_prefix = "assign"
    to_user = forms.ModelChoiceField(
        label=_("Give it to"), queryset=None, empty_label=_("Choose a colleague")
    )

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = colleagues


class LinkExistingForm(VersionedForm):
    id_prefix = "existing"
    household_id = forms.IntegerField(label=_("Family number"), min_value=1,
                                      help_text=_("From the family's record, e.g. 1234"))
    consent_method = forms.ChoiceField(label=_("How did they agree?"),
                                       choices=ConsentMethod.choices, widget=forms.RadioSelect)
    consent = forms.BooleanField(
        label=_("The family agreed that we keep a record of them and link this enquiry"))


class LinkNewForm(VersionedForm):
    id_prefix = "new"
    carer_name = line_field(_("Carer's full name"), required=True)
    relationship = forms.ChoiceField(label=_("Relationship to the child"),
                                     choices=Relationship.choices)
    child_name = line_field(_("Child's name"))
    child_date_of_birth = forms.DateField(
        label=_("Child's date of birth"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Enter a date like 31/03/2015")},
    )
    legal_arrangement = forms.ChoiceField(label=_("Child's legal arrangement"),
                                          choices=LegalArrangement.choices,
                                          initial=LegalArrangement.NOT_SURE)
    consent_method = forms.ChoiceField(label=_("How did they agree?"),
                                       choices=ConsentMethod.choices, widget=forms.RadioSelect)
    consent = forms.BooleanField(
        label=_("The family agreed that we keep a record of them and link this enquiry"))

    def clean_child_date_of_birth(self):
        dob = self.cleaned_data.get("child_date_of_birth")
        if dob and (dob > timezone.localdate() or dob.year < 1990):
            raise forms.ValidationError(_("Enter the child's real date of birth"))
        return dob
