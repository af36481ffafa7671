"""Fetching a partner's feed without letting its address reach inside our network (SSRF).

A feed URL is typed by staff, and every redirect it answers with is chosen by whoever runs
that server, so each hop is checked before anything is sent:

- https only, unless `PARTNER_FEED_FETCH["ALLOW_HTTP"]` is on; no user name or password in it;
- the host name is resolved once and *every* address it resolves to must be a public one:
  loopback, private, link-local (169.254.0.0/16 holds the cloud metadata service), carrier
  NAT, multicast, reserved and unspecified addresses are refused, including IPv4 addresses
  carried inside IPv6 ones (mapped, 6to4, Teredo, NAT64). Networks listed in
  `ALLOWED_NETWORKS` are let through (an on-premises partner, or a test server);
- the connection goes to the address that was checked (the name is not resolved again, so a
  second DNS answer cannot swap in an internal address), with the name kept for the `Host`
  header and the TLS certificate check;
- redirects are followed by hand, at most `MAX_REDIRECTS`, each re-checked the same way;
- a whole fetch (all its redirects) must finish within `TIMEOUT_SECONDS`, and a body larger
  than `MAX_BYTES` is refused while it is being read.

The standard library's `http.client` is used directly: `urllib` would follow redirects and
honour proxy variables on its own."""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

REDIRECTS = {301, 302, 303, 307, 308}
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (RFC 6052 NAT64).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CHUNK = 64 * 1024


class FetchRefused(ValueError):
    """The address may not be fetched, or what it answered is not acceptable."""


@dataclass(frozen=True)
class Limits:
    allow_http: bool
    allowed_networks: tuple
    max_bytes: int
    timeout: float
    max_redirects: int


def limits() -> Limits:
    conf = settings.PARTNER_FEED_FETCH
    return Limits(
        allow_http=bool(conf.get("ALLOW_HTTP", False)),
        allowed_networks=tuple(
            ipaddress.ip_network(n, strict=False) for n in conf.get("ALLOWED_NETWORKS", ())
        ),
        max_bytes=int(conf.get("MAX_BYTES", 100 * 1024 * 1024)),
        timeout=float(conf.get("TIMEOUT_SECONDS", 30)),
        max_redirects=int(conf.get("MAX_REDIRECTS", 5)),
    )


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip.teredo:
        found += list(ip.teredo)
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def refusal(ip, allowed_networks=()) -> str:
    """Why this address may not be fetched ("" when it may)."""
    if any(ip.version == n.version and ip in n for n in allowed_networks):
        return ""
    if ip.is_multicast or not ip.is_global:
        if ip.is_loopback:
            return _("a loopback address")
        if ip.is_link_local:
            return _("a link-local address (where cloud metadata services live)")
        return _("a private or reserved address")
    if ip.version == 6:
        for inner in _embedded_ipv4(ip):
            reason = refusal(inner, allowed_networks)
            if reason:
                return reason
    return ""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the checked address the connection goes to
    path: str


def check_url(url: str, conf: Limits | None = None, *, resolve: bool = True) -> Target | None:
    """Refuse (FetchRefused) a URL we must not fetch. With resolve=False only what the URL
    itself says is checked (scheme, credentials, a literal address, `localhost`)."""
    conf = conf or limits()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused(_("%(url)r is not a valid address") % {"url": url[:100]}) from None
    schemes = ("https", "http") if conf.allow_http else ("https",)
    if parts.scheme not in schemes:
        raise FetchRefused(
            _("only %(schemes)s feeds can be fetched, not %(url)r")
            % {"schemes": " and ".join(schemes), "url": url[:100]}
        )
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(_("a feed address may not carry a user name or password"))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused(_("%(url)r has no host") % {"url": url[:100]})
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is None and (host == "localhost" or host.endswith(".localhost")) and not resolve:
        literal = ipaddress.ip_address("127.0.0.1")
    if literal is not None:
        addresses = [literal]
    elif not resolve:
        return None
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise FetchRefused(
                _("%(host)s could not be resolved: %(error)s") % {"host": host, "error": exc}
            ) from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not addresses:
            raise FetchRefused(_("%(host)s has no address") % {"host": host})
    for ip in addresses:
        reason = refusal(ip, conf.allowed_networks)
        if reason:
            raise FetchRefused(
                _("%(host)s is %(reason)s (%(ip)s), which feeds may not use")
                % {"host": host, "reason": reason, "ip": ip}
            )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, str(addresses[0]), path)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchRefused(_("the feed took too long to answer"))
    return left


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    conn: http.client.HTTPConnection
    if target.scheme == "https":
        conn = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def pinned(address, timeout=timeout, source_address=None):
        # The checked address, never a second look-up of the name (not even getaddrinfo).
        ip = ipaddress.ip_address(target.address)
        family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect((target.address, target.port))
        except BaseException:
            sock.close()
            raise
        return sock

    conn._create_connection = pinned  # type: ignore[attr-defined]  # http.client's own hook
    return conn


def fetch(url: str, accept: str = "application/json") -> bytes:
    """GET a partner's URL within the limits above; the body, or FetchRefused/OSError."""
    conf = limits()
    deadline = time.monotonic() + conf.timeout
    for _hop in range(conf.max_redirects + 1):
        target = check_url(url, conf)
        assert target is not None  # resolve=True always gives a target
        conn = _connection(target, _remaining(deadline))
        try:
            conn.connect()
            # Kept: http.client drops conn.sock once a closing response arrives.
            sock = conn.sock
            conn.request(
                "GET", target.path, headers={"Accept": accept, "User-Agent": "KinshipHub-feeds/1"}
            )
            response = conn.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchRefused(_("the feed redirected without saying where"))
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchRefused(
                    _("the feed answered HTTP %(status)s") % {"status": response.status}
                )
            return _read(sock, response, conf.max_bytes, deadline)
        except TimeoutError:
            raise FetchRefused(_("the feed took too long to answer")) from None
        finally:
            conn.close()
    raise FetchRefused(_("the feed redirected more than %(n)s times") % {"n": conf.max_redirects})


def _read(sock, response, max_bytes: int, deadline: float) -> bytes:
    too_big = FetchRefused(_("the feed is larger than %(n)s bytes") % {"n": max_bytes})
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise too_big
    body = bytearray()
    while True:
        sock.settimeout(_remaining(deadline))
        chunk = response.read1(_CHUNK)
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > max_bytes:
            raise too_big
        _remaining(deadline)
