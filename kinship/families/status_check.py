"""One flow for a family checking where things are, with a reference and a secret and no
account: used by the enquiry status page (advice, KH-…) and the referral status page
(referrals, KR-…). Each app supplies only its lookup and its words (`StatusPage`).

The policy (docs/security.md, "Family status pages"):

- The secret is 12 characters from a 30-character alphabet: 30**12, about 2**58.9 (58.9 bits).
  The reference is 8 from 30 (39.3 bits) and is not secret: the secret alone protects the page.
- A limit per (address, reference): 5 failed checks in 15 minutes. Only that address is slowed
  for that reference, so a stranger can never lock a family out (their own device or any other
  address still gets a real check).
- A slower ceiling per reference: after 50 failed checks in 24 hours the reference is under
  attack. Its owning service is alerted (audited, and emailed), and from then on each address
  gets one check per 15 minutes for it, which still lets the right secret through. Even a
  million addresses then make under 10**8 guesses a day against 2**58.9 secrets.
- Counting is atomic (`kinship.throttle`): an attempt is counted before the secret is checked
  and refunded when it was right, so parallel requests cannot exceed the limit.
- Every refusal is audited (a wrong reference or secret, and a throttled attempt).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_denied
from kinship.throttle import selectors as throttle_selectors
from kinship.throttle import services as throttle
from kinship.throttle.client import client_ip

from .access_codes import formatted_reference, normalise_code, secret_matches

PAIR_LIMIT = 5
PAIR_LIMIT_UNDER_ATTACK = 1
PAIR_WINDOW_SECONDS = 15 * 60
REFERENCE_CEILING = 50
REFERENCE_WINDOW_SECONDS = 24 * 60 * 60
SECRET_BITS = 58.9  # 12 characters from 30: log2(30**12)


@dataclass(frozen=True)
class StatusPage:
    """What an app supplies: how to find its record, and the words on its pages."""

    prefix: str  # "KH"
    object_type: str  # "advice.enquiry", for the audit trail
    secret_purpose: str  # the key purpose its secrets were hashed with
    find: Callable[[str], object | None]  # formatted reference -> record or None
    owners: Callable[[object], Sequence]  # record -> organisations to alert
    # record -> (label, value, element id or "") rows shown to the family
    rows: Callable[[object], list[tuple[str, str, str]]]
    # The words: each may use %(line)s for the national advice line.
    title: str
    intro: str
    lost_secret: str
    not_found: str
    too_many: str
    result_title: str  # followed by the reference
    talk_to_someone: str
    message: Callable[[object], str] = field(default=lambda obj: "")
    message_title: str = ""

    def texts(self) -> dict[str, str]:
        line = {"line": settings.KINSHIP["NATIONAL_ADVICE_LINE"]}
        names = (
            "title",
            "intro",
            "lost_secret",
            "not_found",
            "too_many",
            "result_title",
            "talk_to_someone",
            "message_title",
        )
        return {name: str(getattr(self, name)) % line for name in names}


class StatusForm(forms.Form):
    reference = forms.CharField(
        label=_("Your reference"),
        max_length=20,
        error_messages={"required": _("Enter your reference")},
    )
    secret = forms.CharField(
        label=_("Your secret"),
        max_length=30,
        help_text=_("Three groups of four letters and numbers"),
        error_messages={"required": _("Enter your secret")},
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, prefix_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].help_text = _("For example %(code)s-7F3K-9QPD") % {
            "code": prefix_code
        }


@dataclass
class Outcome:
    found: object | None = None
    throttled: bool = False


def check(request, page: StatusPage, reference: str, secret: str) -> Outcome:
    """Apply the policy to one attempt; audit it whichever way it goes."""
    formatted = formatted_reference(page.prefix, reference)
    ref_key = formatted or normalise_code(reference)
    pair = f"{client_ip(request)}|{page.prefix}|{ref_key}"
    reference_ident = f"{page.prefix}|{ref_key}"
    under_attack = (
        throttle_selectors.count("status:reference", reference_ident, REFERENCE_WINDOW_SECONDS)
        >= REFERENCE_CEILING
    )
    limit = PAIR_LIMIT_UNDER_ATTACK if under_attack else PAIR_LIMIT
    attempts = throttle.hit("status:pair", pair, PAIR_WINDOW_SECONDS)
    if attempts > limit:
        record_denied(
            request,
            object_type=page.object_type,
            object_id=ref_key[:64],
            reason=f"family status: too many tries from this address "
            f"({attempts} in 15 minutes"
            f"{', reference under attack' if under_attack else ''})",
        )
        return Outcome(throttled=True)
    obj = page.find(formatted) if formatted else None
    expected = getattr(obj, "secret_hash", "") if obj is not None else ""
    if expected and secret_matches(secret, expected, page.secret_purpose):
        throttle.refund("status:pair", pair, PAIR_WINDOW_SECONDS)
        record(
            actor=None,
            action=AuditAction.VIEW,
            obj=obj,
            request=request,
            purpose="family checked status",
        )
        return Outcome(found=obj)
    record_denied(
        request,
        object_type=page.object_type,
        object_id=ref_key[:64],
        reason="family status: wrong reference or secret",
    )
    failures = throttle.hit("status:reference", reference_ident, REFERENCE_WINDOW_SECONDS)
    if failures == REFERENCE_CEILING:  # exactly once per window, however many run at once
        _alert_under_attack(request, page, obj, ref_key, failures)
    return Outcome()


def _alert_under_attack(request, page: StatusPage, obj, ref_key: str, failures: int) -> None:
    owners = list(page.owners(obj)) if obj is not None else []
    record(
        actor=None,
        action=AuditAction.DENIED,
        object_type=page.object_type,
        object_id=ref_key[:64],
        request=request,
        purpose="family status: reference under attack, owning service alerted",
        details={
            "failures": failures,
            "window_hours": REFERENCE_WINDOW_SECONDS // 3600,
            "organisations": [o.pk for o in owners],
        },
    )
    addresses = [o.email for o in owners if getattr(o, "email", "")]
    if addresses:
        # No secret, no personal detail: the reference is enough to look the record up.
        transaction.on_commit(
            lambda: send_mail(
                str(
                    _("%(service)s: many wrong secrets for %(reference)s")
                    % {"service": settings.KINSHIP["SERVICE_NAME"], "reference": ref_key}
                ),
                str(
                    _(
                        "In the last 24 hours %(failures)s attempts to check %(reference)s used a "
                        "wrong secret. The family's own secret still works; each address is now "
                        "allowed one try per 15 minutes. If the family has not been trying, "
                        "consider giving them a new secret."
                    )
                    % {"failures": failures, "reference": ref_key}
                ),
                None,
                addresses,
                fail_silently=True,
            )
        )


def page_for(reference: str, pages: Sequence[StatusPage]) -> StatusPage | None:
    """The page whose prefix the typed reference starts with ("kr-7f3k…" -> the KR page)."""
    code = normalise_code(reference)
    return next((p for p in pages if code.startswith(p.prefix)), None)


def status_view(request, page: StatusPage, pages: Sequence[StatusPage] = ()):
    """The whole page: the form, the check, and the answer (200, 400, 404 or 429).

    With `pages`, one form takes any of their references: `page` gives the words of the form,
    and the reference's prefix picks which page checks it (same policy, same throttle keys as
    that page's own address, so trying both addresses gains nothing)."""
    request.no_store = True
    form = StatusForm(request.POST if request.method == "POST" else None, prefix_code=page.prefix)
    texts = page.texts()
    context = {"form": form, "texts": texts}
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "families/status_check.html", context, status=400 if form.is_bound else 200
        )
    chosen = page_for(form.cleaned_data["reference"], pages) if pages else page
    outcome = check(
        request, chosen or page, form.cleaned_data["reference"], form.cleaned_data["secret"]
    )
    if outcome.throttled:
        form.add_error(None, texts["too_many"])
        return render(request, "families/status_check.html", context, status=429)
    if outcome.found is None:
        form.add_error(None, texts["not_found"])
        return render(request, "families/status_check.html", context, status=404)
    obj = outcome.found
    chosen = chosen or page
    return render(
        request,
        "families/status_result.html",
        {
            "texts": chosen.texts(),
            "reference": obj.reference,
            "rows": chosen.rows(obj),
            "message": chosen.message(obj),
        },
    )
