from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.audit.models import AuditAction


class AuditSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Staff email, record id or purpose"), required=False, max_length=200
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any"))] + AuditAction.choices
    )
    since = forms.DateField(
        label=_("From (YYYY-MM-DD)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To (YYYY-MM-DD)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
