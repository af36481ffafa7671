from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.families.models import ConsentMethod

from .lifecycle import CHOSEN_REASON_CODES, Outcome, State
from .models import SharedItem, Urgency

CONSENT_CHOICES = [("", _("The family already agreed (recorded on their record)"))] + list(
    ConsentMethod.choices)


class ConsentFields(forms.Form):
    consent_method = forms.ChoiceField(
        label=_("How the family agreed to share with the receiving organisation"),
        choices=CONSENT_CHOICES, required=False,
        help_text=_("Only if it is not already recorded. We record it on the family's record."),
    )
    consent_given_by_name = forms.CharField(
        label=_("Who agreed (leave blank for the main carer)"), max_length=150, required=False)


class NewReferralForm(ConsentFields):
    household = forms.TypedChoiceField(label=_("Family"), coerce=int, empty_value=None)
    to_service = forms.ChoiceField(label=_("Service to refer to"))
    reason = forms.CharField(label=_("Why you are referring"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}))
    asked_for = forms.CharField(label=_("What you are asking them to do"), max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(label=_("How urgent"), choices=Urgency.choices,
                                initial=Urgency.ROUTINE, widget=forms.RadioSelect)
    shared_items = forms.MultipleChoiceField(
        label=_("What you are sharing"), choices=SharedItem.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    shared_note = forms.CharField(label=_("Anything else shared (optional)"), max_length=500,
                                  required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    enquiry = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1,
                                 max_value=2**31 - 1)
    send_anyway = forms.BooleanField(
        label=_("Send it anyway: it goes at once to the national advice service's queue, "
                "marked \"no one to receive\""), required=False)

    field_order = ["household", "to_service", "reason", "asked_for", "urgency", "shared_items",
                   "shared_note", "consent_method", "consent_given_by_name", "send_anyway"]

    def __init__(self, *args, households=(), services=(), warned=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not warned:
            # Offered only once the sender has been told that no one can receive it.
            del self.fields["send_anyway"]
        self.fields["household"].choices = [("", _("Choose a family"))] + list(households)
        self.fields["to_service"].choices = [("", _("Choose a service"))] + list(services)


class ServiceFilterForm(forms.Form):
    """Narrows the service list on the referral page (a GET form: works without JavaScript)."""

    council = forms.ChoiceField(label=_("Services covering"), required=False)
    kind = forms.ChoiceField(label=_("Kind of help"), required=False)
    q = forms.CharField(label=_("Name of the service or organisation (optional)"),
                        max_length=100, required=False)

    def __init__(self, *args, councils=(), kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Anywhere in Scotland"))] + list(councils)
        self.fields["kind"].choices = [("", _("Any kind of help"))] + list(kinds)


class ActionForm(forms.Form):
    """The detail page's action forms; each action shows only the fields it needs."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    action = forms.CharField(widget=forms.HiddenInput, max_length=16)


def _reason_code_field():
    return forms.ChoiceField(
        label=_("Main reason (counted, without the family's details, in published figures)"),
        choices=[("", _("Choose the main reason"))] + [(c.value, c.label)
                                                        for c in CHOSEN_REASON_CODES],
        required=False)


class ReasonForm(ActionForm):
    reason_code = _reason_code_field()
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"),
                                choices=[("", _("Choose an outcome"))] + list(Outcome.choices))
    outcome_note = forms.CharField(label=_("Note on the outcome (optional)"), max_length=2000,
                                   required=False, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(OutcomeForm):
    reason = forms.CharField(label=_("Why you are withdrawing it"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class RedirectForm(ActionForm, ConsentFields):
    to_service = forms.ChoiceField(label=_("Service to pass it to"))
    reason_code = _reason_code_field()
    reason = forms.CharField(label=_("Why it is better with them"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["to_service", "reason_code", "reason", "consent_method",
                   "consent_given_by_name"]

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_service"].choices = [("", _("Choose a service"))] + list(services)


def form_class_for(action: str, state: str) -> type[ActionForm]:
    if action == "redirect":
        return RedirectForm
    if action == "decline":
        return ReasonForm
    if action == "close":
        return OutcomeForm if state == State.DECLINED else WithdrawForm
    if action == "complete":
        return OutcomeForm
    return ActionForm


class InboxFilterForm(forms.Form):
    box = forms.ChoiceField(label=_("Referrals"), required=False,
                            choices=[("incoming", _("Sent to us")),
                                     ("outgoing", _("Sent by us"))])
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("Any state"))] + list(State.choices))
    urgency = forms.ChoiceField(label=_("Urgency"), required=False,
                                choices=[("", _("Any urgency"))] + list(Urgency.choices))
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    reference = forms.CharField(label=_("Reference"), max_length=16, required=False)
