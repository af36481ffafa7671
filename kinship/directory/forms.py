from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kinship.places.models import Council
from kinship.places.postcodes import lookup_postcode
from kinship.places.selectors import council_choices

from . import cache
from .models import Arrangement, KindOfSupport, ServiceStatus, TaxonomyTerm
from .selectors import DirectoryQuery
from .widgets import QuickSelect

MAX_WORDS_LENGTH = 200


class SearchForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=20,
        help_text=_("For example EH1 1YZ, or just the first part, like EH1"),
        error_messages={"max_length": _("Enter a postcode, like EH1 1YZ, or the first part, "
                                        "like EH1")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code",
                                      "class": "ds_input--fixed-10"}),
    )
    council = forms.ChoiceField(label=_("Or choose a council area"), required=False,
                                widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Kind of help"), required=False, widget=QuickSelect)
    arrangement = forms.ChoiceField(
        label=_("Who is it for? The child lives with you under"), required=False,
        choices=[("", _("Any arrangement"))] + list(Arrangement.choices), widget=QuickSelect,
    )
    age = forms.IntegerField(
        label=_("Child's age"), required=False, min_value=0, max_value=26,
        help_text=_("In years. Leave empty to see services for any age"),
        error_messages={"invalid": _("Enter the child's age as a number, like 7"),
                        "min_value": _("Enter an age from 0 to 26"),
                        "max_value": _("Enter an age from 0 to 26")},
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-4", "inputmode": "numeric"}),
    )
    q = forms.CharField(
        label=_("Words to search for"), required=False, max_length=MAX_WORDS_LENGTH,
        help_text=_("For example: grandparents group, counselling, benefits"),
        error_messages={"max_length": _("Use fewer words: up to %(limit_value)d characters")},
    )

    nearby = forms.BooleanField(label=_("Show services in nearby councils too"),
                                required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Choose a council area"))] + cache.get(
            "council_choices", council_choices)
        self.fields["kind"].choices = [("", _("Any kind of help"))] + list(KindOfSupport.choices)
        self.place = None

    def clean(self):
        data = super().clean()
        postcode = data.get("postcode", "")
        if postcode:
            # Reference data: kept, like the rest of the page's static parts (cache.py).
            place = cache.get(("postcode", get_language(), postcode.strip().upper()),
                              lambda: lookup_postcode(postcode))
            if place.ok:
                self.place = place
            else:
                self.add_error("postcode", place.message)
        return data

    def to_query(self) -> DirectoryQuery:
        data = self.cleaned_data
        council = None
        if data.get("council"):
            code = data["council"]
            council = cache.get(("council", code),
                                lambda: Council.objects.filter(code=code).first())
        if council is None and self.place is not None:
            council = self.place.council
        return DirectoryQuery(
            council=council,
            centre=self.place.centroid if self.place else None,
            kind=data.get("kind", ""),
            arrangement=data.get("arrangement", ""),
            age=data.get("age"),
            words=data.get("q", ""),
            include_neighbours=bool(data.get("nearby")),
        )


class ServiceForm(forms.Form):
    """What a partner edits about its own service."""

    name = forms.CharField(label=_("Name of the service"), max_length=300)
    description = forms.CharField(label=_("What it offers"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    url = forms.URLField(label=_("Web page"), required=False, max_length=500, assume_scheme="https")
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    terms = forms.MultipleChoiceField(
        label=_("Kinds of help"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every kind of help the service gives"),
    )
    arrangements = forms.MultipleChoiceField(
        label=_("Families it serves"), choices=Arrangement.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    minimum_age = forms.IntegerField(label=_("Youngest child's age"), required=False,
                                     min_value=0, max_value=120)
    maximum_age = forms.IntegerField(label=_("Oldest age"), required=False,
                                     min_value=0, max_value=120)
    is_national = forms.BooleanField(label=_("Available anywhere in Scotland"), required=False)
    councils = forms.MultipleChoiceField(
        label=_("Council areas it covers"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    postcode = forms.CharField(label=_("Postcode where it is based"), required=False,
                               max_length=20)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    is_specialist_kinship_team = forms.BooleanField(
        label=_("This is a specialist kinship team"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councils"].choices = council_choices()
        self.fields["terms"].choices = [
            (kind.name, [(t.code, t.name) for t in kind.children.all()])
            for kind in TaxonomyTerm.objects.filter(parent__isnull=True,
                                                    code__in=KindOfSupport.values)
            .prefetch_related("children")
        ]

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The oldest age must be the same as or more than "
                                            "the youngest"))
        if not data.get("is_national") and not data.get("councils"):
            self.add_error("councils", _("Choose the council areas it covers, or say it is "
                                         "available anywhere in Scotland"))
        if data.get("postcode"):
            place = lookup_postcode(data["postcode"])
            if not place.ok:
                self.add_error("postcode", place.message)
        return data


class LocalOfferForm(forms.Form):
    introduction = forms.CharField(label=_("Introduction"), max_length=3000,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    change_note = forms.CharField(label=_("What changed in this version"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One box per kind of support, placed before the change note.
        change_note = self.fields.pop("change_note")
        for kind in KindOfSupport:
            self.fields[f"kind_{kind.value}"] = forms.CharField(
                label=kind.label, required=False, max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["change_note"] = change_note

    def by_kind(self) -> dict[str, str]:
        return {k.value: self.cleaned_data.get(f"kind_{k.value}", "") for k in KindOfSupport}


class PartnerFeedForm(forms.Form):
    url = forms.CharField(
        label=_("Feed address"),
        max_length=500,
        help_text=_(
            "An Open Referral UK API base address (https://…/oruk) or the address of one "
            "ORUK JSON document (…/feed.json)"
        ),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )
    every_hours = forms.IntegerField(
        label=_("Pull it every … hours"),
        min_value=1,
        max_value=24 * 31,
        initial=24,
        error_messages={
            "invalid": _("Enter a number of hours, like 24"),
            "min_value": _("Enter from 1 to 744 hours (31 days)"),
            "max_value": _("Enter from 1 to 744 hours (31 days)"),
        },
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-4", "inputmode": "numeric"}),
    )
