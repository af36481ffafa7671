"""Forms: an organisation's retention period, a legal hold, a family's request and its
decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.advice.forms import no_markup

from . import retention_schedule as schedule
from .models import Decision, RequestKind
from .services import MAX_MONTHS


class PeriodForm(forms.Form):
    rule_key = forms.ChoiceField(label=_("Record"), choices=[])
    months = forms.IntegerField(
        label=_("Months kept after the trigger"), min_value=1, max_value=MAX_MONTHS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_key"].choices = [
            (key, schedule.rule(key).record_type) for key in schedule.SETTABLE_KEYS
        ]


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must these records be kept?"),
        max_length=300,
        validators=[no_markup],
        help_text=_("For example: an inquiry, a complaint, a court case. No names."),
    )
    ends_on = forms.DateField(
        label=_("Hold until (YYYY-MM-DD)"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What did the family ask for?"),
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Received on (YYYY-MM-DD)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    details = forms.CharField(
        label=_("What they asked, in their words"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_markup],
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(v, label) for v, label in Decision.choices if v != Decision.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons (the family is told these)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_markup],
    )
