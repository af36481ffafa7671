from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import OrganisationKind, Role
from kinship.directory.models import TaxonomyTerm
from kinship.places.selectors import council_choices

from .selectors import STATES


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Organisation's name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=OrganisationKind.choices)
    is_national = forms.BooleanField(label=_("Works anywhere in Scotland"), required=False)
    home_council = forms.ChoiceField(
        label=_("Council it belongs to (council kinship teams only)"), required=False
    )
    councils = forms.MultipleChoiceField(
        label=_("Council areas it covers"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    email = forms.EmailField(label=_("Organisation's email (optional)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    website = forms.URLField(
        label=_("Website (optional)"), required=False, max_length=200, assume_scheme="https"
    )
    service_name = forms.CharField(
        label=_("Its service in the directory (optional)"),
        max_length=300,
        required=False,
        help_text=_("Families and staff find it here; its administrator can add more."),
    )
    service_description = forms.CharField(
        label=_("What the service offers"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    terms = forms.MultipleChoiceField(
        label=_("Kinds of help"), required=False, widget=forms.CheckboxSelectMultiple
    )
    admin_name = forms.CharField(label=_("First administrator's full name"), max_length=150)
    admin_email = forms.EmailField(label=_("First administrator's email"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        councils = council_choices()
        self.fields["home_council"].choices = [("", _("Not a council team"))] + councils
        self.fields["councils"].choices = councils
        self.fields["terms"].choices = [
            (kind.name, [(t.code, t.name) for t in kind.children.all()])
            for kind in TaxonomyTerm.objects.filter(parent__isnull=True).prefetch_related(
                "children"
            )
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == OrganisationKind.COUNCIL_KINSHIP_TEAM and not data.get(
            "home_council"
        ):
            self.add_error("home_council", _("Choose the council this team belongs to"))
        if (
            not data.get("is_national")
            and not data.get("councils")
            and not data.get("home_council")
        ):
            self.add_error(
                "councils",
                _("Choose the council areas it covers, or say it works anywhere in Scotland"),
            )
        if data.get("service_name") and not data.get("terms"):
            self.add_error("terms", _("Choose the kinds of help the service gives"))
        return data


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), max_length=100, required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any"))] + list(STATES.items())
    )


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (recorded in the audit trail)"), max_length=300)


class AcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords do not match"))
        return data
