from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation

from .models import ConsentMethod, LegalArrangement


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(label=_("Name of a carer or child"), max_length=100, required=False)


class ShareConsentForm(forms.Form):
    """The family agreed that a named organisation may see their record."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation the family agreed to share with"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Choose an organisation"),
    )
    method = forms.ChoiceField(label=_("How did they agree?"), choices=ConsentMethod.choices,
                               widget=forms.RadioSelect)
    confirmed = forms.BooleanField(
        label=_("I have explained what will be shared and why, and the family agreed"),
    )


class ArrangementForm(forms.Form):
    """A child's new legal arrangement, as a worker records it from an order or a decision."""

    legal_arrangement = forms.ChoiceField(
        label=_("Legal arrangement now"), choices=LegalArrangement.choices,
        widget=forms.RadioSelect)
    started_on = forms.DateField(
        label=_("Date it started (YYYY-MM-DD)"), required=False,
        help_text=_("Leave empty if it starts today."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date, for example 2026-11-25")})
    note = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=300,
        help_text=_("For example the court order or decision it follows. Up to 300 characters."),
        widget=forms.Textarea(attrs={"rows": 3}))

    def clean_started_on(self):
        started = self.cleaned_data.get("started_on")
        if started and started > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return started


class WithdrawConsentForm(forms.Form):
    """The family told us they no longer agree: how, and in their words."""

    method = forms.ChoiceField(label=_("How did they tell you?"), choices=ConsentMethod.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("What the family said"), max_length=300,
        help_text=_("In their own words, as far as you can."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
