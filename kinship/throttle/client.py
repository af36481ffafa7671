"""The client's address, for throttles and the audit trail.

Behind a reverse proxy REMOTE_ADDR is the proxy, so every family would share one address (and
one throttle). settings.TRUSTED_PROXY says how many proxies we run in front of Django; only then
is X-Forwarded-For read, and only the entry our own nearest proxy appended (counting from the
right), because anything further left was written by the client and can be forged.
"""

import ipaddress

from django.conf import settings


def _clean(value: str) -> str:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")[:45]
    proxies = int(getattr(settings, "TRUSTED_PROXY", 0) or 0)
    if proxies <= 0:
        return remote
    chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(chain) < proxies:
        return remote  # not through our proxies: fall back to the socket's address
    return _clean(chain[-proxies]) or remote
