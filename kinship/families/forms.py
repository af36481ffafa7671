from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation

from .models import ConsentMethod


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(label=_("Name of a carer or child"), max_length=100, required=False)


class ShareConsentForm(forms.Form):
    """The family agreed that a named organisation may see their record."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation the family agreed to share with"),
        queryset=Organisation.objects.order_by("name"),
    )
    method = forms.ChoiceField(label=_("How did they agree?"), choices=ConsentMethod.choices,
                               widget=forms.RadioSelect)
    confirmed = forms.BooleanField(
        label=_("I have explained what will be shared and why, and the family agreed"),
    )


class WithdrawConsentForm(forms.Form):
    """The family told us they no longer agree: how, and in their words."""

    method = forms.ChoiceField(label=_("How did they tell you?"), choices=ConsentMethod.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("What the family said"), max_length=300,
        help_text=_("In their own words, as far as you can."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
