from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PeriodKind


class PrepareReleaseForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=_("Period"),
        choices=PeriodKind.choices,
        widget=forms.RadioSelect,
        initial=PeriodKind.MONTH,
    )
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    month = forms.IntegerField(
        label=_("Month (1 to 12)"),
        min_value=1,
        max_value=12,
        help_text=_("For a quarter, any month in it: 1 to 3 is January to March."),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start = date(cleaned["year"], cleaned["month"], 1)
        if start > timezone.localdate():
            raise forms.ValidationError(_("That period has not started yet."))
        cleaned["period_start"] = start
        return cleaned
