"""Every email the product sends goes through here: a subject and a plain-text body from
templates, with links made absolute from settings.KINSHIP["SITE_URL"] (an email is read
outside the site, so a relative link goes nowhere).

Templates: `<prefix>_subject.txt` (one line) and `<prefix>_body.txt`. Their context always
has `service_name`, `site_url` and `advice_line`; use `absolute_url()` for links."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


def site_url() -> str:
    return settings.KINSHIP["SITE_URL"].rstrip("/")


def absolute_url(viewname: str, *args, **kwargs) -> str:
    """The full address of a page, for an email: `absolute_url("referrals_staff:detail", pk)`."""
    return site_url() + reverse(viewname, args=args or None, kwargs=kwargs or None)


def send_templated(
    template_prefix: str, context: dict, to: Iterable[str], *, fail_silently: bool = False
) -> int:
    """Render `<template_prefix>_subject.txt` and `_body.txt` and send them to `to`.
    Returns the number sent (0 when there is nobody to send to)."""
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    full = {
        "service_name": settings.KINSHIP["SERVICE_NAME"],
        "site_url": site_url(),
        "advice_line": settings.KINSHIP["NATIONAL_ADVICE_LINE"],
        **context,
    }
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", full).split())
    body = render_to_string(f"{template_prefix}_body.txt", full)
    return send_mail(subject, body, None, recipients, fail_silently=fail_silently)
