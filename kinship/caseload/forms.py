"""Forms on the caseload pages. Text checks are the advice hub's, reused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.advice.forms import line_field
from kinship.families.models import ConsentMethod, LegalArrangement

from .models import PartnerDomain, PlannedOrderChange
from .selectors import SHOWS


class FilterForm(forms.Form):
    """The caseload's filters (GET). Anything unknown falls back to the default."""

    holder = forms.ChoiceField(
        label=_("Whose families"),
        required=False,
        choices=[
            ("mine", _("Mine")),
            ("all", _("All our families")),
            ("unallocated", _("Nobody holds them")),
        ],
    )
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=list(
            zip(
                SHOWS,
                [
                    _("Everything"),
                    _("A partner is missing"),
                    _("Overdue"),
                    _("Dates within 30 days"),
                ],
                strict=True,
            )
        ),
    )
    worker = forms.ChoiceField(label=_("Worker"), required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", _("Me"))] + [(str(w.pk), str(w)) for w in workers]


class ContactForm(forms.Form):
    domain = forms.ChoiceField(label=_("Partner"), choices=PartnerDomain.choices)
    name = line_field(_("Name"), required=True, max_length=150)
    role = line_field(
        _("Role"), max_length=150, help_text=_("For example: guidance teacher, health visitor")
    )
    organisation_name = line_field(_("Organisation"), max_length=200)


class NeedForm(forms.Form):
    domain = forms.ChoiceField(
        label=_("Which partner does this need?"), choices=PartnerDomain.choices
    )


class ReferActionForm(forms.Form):
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


class PlannedChangeForm(forms.Form):
    new_arrangement = forms.ChoiceField(
        label=_("Order planned"),
        choices=[c for c in LegalArrangement.choices if c[0] != LegalArrangement.NOT_SURE],
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=PlannedOrderChange.Stage.choices)
    expected_on = forms.DateField(
        label=_("Expected on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _("Enter a date like 2027-03-31"),
            "required": _("Give the date the order is expected"),
        },
    )


class TakeOnForm(forms.Form):
    worker = forms.ChoiceField(label=_("Give to"), required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", _("Me"))] + [(str(w.pk), str(w)) for w in workers]


def council_choices():
    from kinship.places.models import Council

    return [("", _("Choose a council"))] + [(c.pk, c.display_name) for c in Council.objects.all()]


class MoveForm(forms.Form):
    """The family has moved to another council."""

    council = forms.ChoiceField(
        label=_("The council the family has moved to"),
        error_messages={
            "invalid_choice": _("Choose a council from the list"),
            "required": _("Choose the council the family has moved to"),
        },
    )
    moved_on = forms.DateField(
        label=_("Date they moved"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _("Enter a date like 2026-11-30"),
            "required": _("Give the date the family moved"),
        },
    )
    consent_method = forms.ChoiceField(
        label=_("How the family agreed to share with the new council's kinship team"),
        choices=[("", _("Already recorded, or not agreed"))] + list(ConsentMethod.choices),
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = council_choices()


class PlacingCouncilForm(forms.Form):
    council = forms.ChoiceField(
        label=_("Council that placed the child, or was responsible when the order was made"),
        required=False,
        error_messages={"invalid_choice": _("Choose a council from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Not recorded"))] + council_choices()[1:]
