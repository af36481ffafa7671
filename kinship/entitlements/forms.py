"""One small form per question of the public checker (and the young person's version).

Each form's `cleaned_data` is JSON-safe (dates as ISO text) so it can be kept in the session.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kinship.places.postcodes import lookup_postcode
from kinship.places.selectors import council_choices

from .facts import Answer, Arrangement, ParentsSituation, Relationship, SchoolStage
from .journey import MAX_CHILDREN

JUST_ARRIVED = "just_arrived"
MAX_CHILD_AGE = 26  # aftercare ends at 26; older than that is not a child in this checker
EARLIEST_BIRTH = date(1900, 1, 1)
_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\s*$")
NOT_SURE_LABEL = _("I'm not sure")


def no_markup(value: str) -> None:
    if "<" in value or ">" in value:
        raise forms.ValidationError(_("Use letters only, without < or >"))


class RadioWithHints(forms.RadioSelect):
    """Design-system radios with a plain-English explanation under each choice."""

    template_name = "entitlements/widgets/radio_with_hints.html"

    def __init__(self, hints: dict[str, str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.hints = hints or {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                option["hint"] = self.hints.get(str(option["value"]), "")
        return context


def age_field(label, *, minimum: int, maximum: int, invalid, help_text=""):
    """An optional whole-number age with plain messages; a small box that brings up a
    number pad on phones."""
    out_of_range = format_lazy(_("Enter an age from {minimum} to {maximum}"),
                               minimum=minimum, maximum=maximum)
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        error_messages={"invalid": invalid, "min_value": out_of_range, "max_value": out_of_range},
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-3", "inputmode": "numeric"}),
    )


def radio_field(label, choices, hints=None, required_message=None, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=RadioWithHints(hints=hints),
        help_text=help_text,
        error_messages={"required": required_message or _("Choose one answer"),
                        "invalid_choice": _("Choose one of the answers shown")},
    )


YES_NO_NOT_SURE = [
    (Answer.YES.value, _("Yes")),
    (Answer.NO.value, _("No")),
    (Answer.NOT_SURE.value, NOT_SURE_LABEL),
]


class ChildrenForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of children"),
        help_text=_("Count every child you bring up. If you are their parent, you can still use "
                    "this: we will tell you what help there is."),
        min_value=1,
        max_value=MAX_CHILDREN,
        error_messages={
            "required": _("Enter how many children you look after, like 2"),
            "invalid": _("Enter the number of children as a number, like 2"),
            "min_value": _("Enter at least 1"),
            "max_value": _("Enter %(limit_value)s or fewer. For a bigger family, call the "
                           "advice line"),
        },
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-2", "inputmode": "numeric"}),
    )


class ChildAgeForm(forms.Form):
    name = forms.CharField(
        label=_("Their first name or a nickname"),
        required=False,
        max_length=40,
        validators=[no_markup],
        help_text=_("Only so we can tell your children apart on the next pages. It is not kept."),
        error_messages={"max_length": _("Use %(limit_value)d letters or fewer")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "ds_input--fixed-20"}),
    )
    age = age_field(
        _("Age in years"),
        minimum=0,
        maximum=MAX_CHILD_AGE,
        invalid=_("Enter the age as a number, like 7"),
        help_text=_("For a baby under 1, enter 0."),
    )
    date_of_birth = forms.CharField(
        label=_("Or their date of birth"),
        required=False,
        max_length=20,
        help_text=_("For example, 31/03/2015. This gives a more exact answer."),
        error_messages={"max_length": _("Enter a date like 31/03/2015")},
        widget=forms.TextInput(attrs={"class": "ds_input--fixed-10", "autocomplete": "off"}),
    )
    not_sure = forms.BooleanField(label=_("I'm not sure of their age"), required=False)

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or date.today()

    def clean_date_of_birth(self) -> str:
        text = self.cleaned_data.get("date_of_birth", "")
        if not text:
            return ""
        match = _DATE.match(text)
        if not match:
            raise forms.ValidationError(_("Enter a date like 31/03/2015"))
        day, month, year = (int(part) for part in match.groups())
        try:
            born = date(year, month, day)
        except ValueError:
            raise forms.ValidationError(_("Enter a real date, like 31/03/2015")) from None
        if born > self.today:
            raise forms.ValidationError(_("The date of birth must be today or in the past"))
        if born < EARLIEST_BIRTH or (self.today.year - born.year) > MAX_CHILD_AGE + 1:
            raise forms.ValidationError(
                _("That date makes them older than 26. Check the year")
            )
        return born.isoformat()

    def clean(self):
        cleaned = super().clean()
        has_age = cleaned.get("age") is not None
        has_born = bool(cleaned.get("date_of_birth"))
        if has_age and has_born:
            self.add_error("age", _("Enter their age or their date of birth, not both"))
        elif not has_age and not has_born and not cleaned.get("not_sure") and not self.errors:
            self.add_error(
                "age", _("Enter their age or date of birth, or tick ‘I'm not sure’")
            )
        return cleaned


ARRANGEMENT_CHOICES = [
    (Arrangement.INFORMAL.value, _("A family arrangement, with no court order")),
    (Arrangement.LOOKED_AFTER_KINSHIP.value, _("Looked after by the council and placed with me")),
    (Arrangement.KINSHIP_CARE_ORDER.value, _("I have a kinship care order (section 11)")),
    (Arrangement.OTHER_S11_ORDER.value, _("Another section 11 court order")),
    (Arrangement.S7_GUARDIAN.value, _("A parent appointed me as guardian (section 7)")),
    (Arrangement.PERMANENCE_ORDER.value, _("A permanence order")),
    (Arrangement.ADOPTION.value, _("I have adopted them")),
    # Counted as "not sure" by the engine: nothing is decided yet, so everything may apply.
    (JUST_ARRIVED, _("They have just arrived and nothing is decided yet")),
    (Arrangement.NOT_SURE.value, NOT_SURE_LABEL),
]
ARRANGEMENT_HINTS = {
    Arrangement.INFORMAL.value: _(
        "You agreed it within the family. No court or children's hearing decided it and the "
        "council is not responsible for the child."),
    Arrangement.LOOKED_AFTER_KINSHIP.value: _(
        "A children's hearing or the council decided the child lives with you. A social worker "
        "visits and there are regular reviews."),
    Arrangement.KINSHIP_CARE_ORDER.value: _(
        "A sheriff court made an order under section 11 of the Children (Scotland) Act 1995 "
        "saying the child lives with you, a relative or friend (sometimes called a residence "
        "order)."),
    Arrangement.OTHER_S11_ORDER.value: _(
        "A sheriff court made a different order under section 11, for example giving someone "
        "parental rights, that is not about the child living with you."),
    Arrangement.S7_GUARDIAN.value: _(
        "A parent named you as the child's guardian, usually in their will, under section 7 of "
        "the Children (Scotland) Act 1995."),
    Arrangement.PERMANENCE_ORDER.value: _(
        "A court order under section 80 of the Adoption and Children (Scotland) Act 2007. The "
        "child is still looked after by the council."),
    Arrangement.ADOPTION.value: _("A court made an adoption order: you are now their parent."),
    JUST_ARRIVED: _(
        "For example, the child came to you in an emergency this week. We will show what might "
        "apply and what to ask the social worker."),
    Arrangement.NOT_SURE.value: _(
        "That is fine, many carers are not sure which order they have. We will show what might "
        "apply and how to find out: the order itself, or your solicitor, will say."),
}


PLANNED_CHOICES = [
    ("none", _("No change is planned")),
    (Arrangement.KINSHIP_CARE_ORDER.value, _("A kinship care order (section 11)")),
    (Arrangement.LOOKED_AFTER_KINSHIP.value, _("The council looking after the child")),
    (Arrangement.S7_GUARDIAN.value, _("Guardianship")),
    (Arrangement.PERMANENCE_ORDER.value, _("A permanence order")),
    (Arrangement.ADOPTION.value, _("Adoption")),
    (Arrangement.NOT_SURE.value, _("Something may change, but I'm not sure what")),
]


class PlannedChangeForm(forms.Form):
    to = radio_field(
        _("Choose what is planned"), PLANNED_CHOICES,
        required_message=_("Choose what is planned, or ‘No change is planned’"),
        help_text=_("For example, the social worker suggested you apply for a kinship care order. "
                    "We will show what you would lose, keep and gain, before you agree."),
    )


class ArrangementForm(forms.Form):
    arrangement = radio_field(
        _("Choose the one that fits best"), ARRANGEMENT_CHOICES, ARRANGEMENT_HINTS,
        _("Choose how the child came to live with you, or ‘I'm not sure’"),
    )


class AnswerForm(forms.Form):
    """A yes / no / not sure question; the page heading carries the question itself."""

    answer = radio_field(_("Your answer"), YES_NO_NOT_SURE)

    def __init__(self, *args, hints: dict | None = None, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if hints:
            self.fields["answer"].widget.hints = hints
        self.fields["answer"].help_text = help_text


class LeftCareForm(forms.Form):
    age = age_field(
        _("Age when the council stopped looking after them"),
        minimum=0,
        maximum=MAX_CHILD_AGE,
        invalid=_("Enter the age as a number, like 14"),
        help_text=_("If they are still looked after, go back and choose ‘Looked after by "
                    "the council’ instead."),
    )
    not_sure = forms.BooleanField(label=_("I'm not sure"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("age") is None and not cleaned.get("not_sure") and not self.errors:
            self.add_error("age", _("Enter an age, or tick ‘I'm not sure’"))
        return cleaned


SCHOOL_CHOICES = [
    (SchoolStage.NOT_AT_SCHOOL.value, _("Not at school yet (baby, toddler or nursery)")),
    (SchoolStage.PRIMARY_1_TO_5.value, _("Primary 1 to 5")),
    (SchoolStage.PRIMARY_6_TO_7.value, _("Primary 6 or 7")),
    (SchoolStage.SECONDARY.value, _("Secondary school")),
    (SchoolStage.LEFT_SCHOOL.value, _("Left school")),
    (SchoolStage.NOT_SURE.value, NOT_SURE_LABEL),
]


class SchoolForm(forms.Form):
    stage = radio_field(_("School stage"), SCHOOL_CHOICES,
                        required_message=_("Choose a school stage, or ‘I'm not sure’"))


PARENTS_CHOICES = [
    (ParentsSituation.BOTH_ALIVE.value, _("Both parents are alive")),
    (ParentsSituation.BOTH_DIED.value, _("Both parents have died")),
    (ParentsSituation.ONE_DIED_OTHER_WHEREABOUTS_UNKNOWN.value,
     _("One parent has died and we do not know where the other one is")),
    (ParentsSituation.ONE_DIED_OTHER_IN_PRISON_OR_HOSPITAL.value,
     _("One parent has died and the other is in prison or detained in hospital")),
    (ParentsSituation.ONE_DIED_OTHER_NOT_CARING_OR_PAYING.value,
     _("One parent has died and the other does not look after or pay for the child")),
    (ParentsSituation.MOTHER_DIED_FATHER_UNKNOWN.value,
     _("The mother has died and the father is not known")),
    (ParentsSituation.ONE_DIED_OTHER_INVOLVED.value,
     _("One parent has died and the other is still involved")),
    (ParentsSituation.NOT_SURE.value, _("I'm not sure, or I'd rather not say")),
]


class ParentsForm(forms.Form):
    situation = radio_field(
        _("Choose the one that fits best"), PARENTS_CHOICES,
        required_message=_("Choose an answer, or ‘I'm not sure, or I'd rather not say’"),
        help_text=_("We ask because Guardian's Allowance depends on it."),
    )


RELATIONSHIP_CHOICES = [
    (Relationship.GRANDPARENT.value, _("Grandparent")),
    (Relationship.AUNT_UNCLE.value, _("Aunt or uncle")),
    (Relationship.SIBLING.value, _("Older brother or sister")),
    (Relationship.OTHER_RELATIVE.value, _("Another relative")),
    (Relationship.FAMILY_FRIEND.value, _("Family friend")),
    (Relationship.PARENT.value, _("Their mother or father")),
    (Relationship.NOT_SURE.value, _("Something else, or I'd rather not say")),
]


class CarerRelationshipForm(forms.Form):
    relationship = radio_field(
        _("You are the child's"), RELATIONSHIP_CHOICES,
        required_message=_("Choose how you are related, or ‘Something else’"),
    )


class CarerAgeForm(forms.Form):
    age = age_field(
        _("Your age in years"),
        minimum=16,
        maximum=120,
        invalid=_("Enter your age as a number, like 64"),
        help_text=_("Some benefits depend on your age. Leave this empty if you'd rather not "
                    "say."),
    )


class CouncilForm(forms.Form):
    postcode = forms.CharField(
        label=_("Your postcode"),
        required=False,
        max_length=20,
        help_text=_("For example PA2 6AB, or just the first part, like PA2. We only use it to "
                    "find your council and do not keep it."),
        error_messages={"max_length": _("Enter a postcode, like PA2 6AB")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code",
                                      "class": "ds_input--fixed-10"}),
    )
    council = forms.ChoiceField(
        label=_("Or choose your council area"),
        required=False,
        help_text=_("Leave both empty if you're not sure or would rather not say."),
        error_messages={"invalid_choice": _("Choose a council area from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Choose a council area"))] + council_choices()

    def clean_postcode(self) -> str:
        text = self.cleaned_data.get("postcode", "")
        if not text:
            return ""
        lookup = lookup_postcode(text)
        if not lookup.ok:
            raise forms.ValidationError(lookup.message)
        self.cleaned_data["postcode_council"] = lookup.council.code if lookup.council else ""
        return ""  # the postcode itself is never kept

    def clean(self):
        cleaned = super().clean()
        # A council chosen from the list wins over the one suggested by the postcode.
        cleaned["code"] = cleaned.get("council") or cleaned.pop("postcode_council", "") or ""
        cleaned.pop("postcode_council", None)
        return cleaned


class YoungPersonForm(forms.Form):
    """The young person's version on one short page: only what their rights depend on."""

    age = age_field(
        _("How old are you?"),
        minimum=0,
        maximum=40,
        invalid=_("Enter your age as a number, like 17"),
        help_text=_("Leave empty if you'd rather not say."),
    )
    looked_after = radio_field(
        _("Have you ever been looked after by the council?"),
        YES_NO_NOT_SURE,
        help_text=_("This means a children's hearing or the council decided where you live, "
                    "and you had a social worker. Living with kinship carers, foster carers, "
                    "in residential care, or at home on a supervision order all count."),
    )
    still = radio_field(
        _("Are you looked after now?"),
        YES_NO_NOT_SURE,
        help_text=_("Answer ‘No’ if that ended, or if you have never been looked "
                    "after."),
    )
    age_left_care = age_field(
        _("If it ended: how old were you when it ended?"),
        minimum=0,
        maximum=26,
        invalid=_("Enter an age as a number, like 16"),
        help_text=_("Leave empty if you're not sure."),
    )
    continuing_care = radio_field(
        _("Are you staying on with your carers under continuing care?"),
        YES_NO_NOT_SURE,
        help_text=_("Continuing care lets you stay with the carers you lived with when you "
                    "were looked after, up to age 21."),
    )
    planned = forms.ChoiceField(
        label=_("Is your carer planning to get a court order, so you stop being looked after?"),
        required=False,
        choices=[("", _("No, or I don't know")),
                 (Arrangement.KINSHIP_CARE_ORDER.value, _("Yes, a kinship care order"))],
        widget=RadioWithHints(),
        help_text=_("If so, we will show what you would lose, keep and gain."),
        error_messages={"invalid_choice": _("Choose one of the answers shown")},
    )
    council = forms.ChoiceField(
        label=_("Which council area do you live in?"),
        required=False,
        help_text=_("Leave empty if you're not sure."),
        error_messages={"invalid_choice": _("Choose a council area from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Choose a council area"))] + council_choices()

    def clean(self):
        cleaned = super().clean()
        left = cleaned.get("age_left_care")
        age = cleaned.get("age")
        if left is not None and age is not None and left > age:
            self.add_error("age_left_care", _("The age it ended cannot be more than your age"))
        if left is not None and cleaned.get("still") == Answer.YES.value:
            self.add_error("age_left_care", _("You said you are looked after now: leave this "
                                              "empty, or change that answer"))
        return cleaned
