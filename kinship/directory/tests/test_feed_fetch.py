"""The SSRF guard on partner feeds (kinship/directory/fetch.py): https only unless allowed,
no private, loopback, link-local or metadata address (after DNS resolution, and inside IPv6
forms), the connection pinned to the checked address, every redirect re-checked, size and
time limits."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kinship.directory import fetch as fetch_module
from kinship.directory.feeds import pull_feed, register_feed
from kinship.directory.fetch import FetchRefused, check_url, fetch
from kinship.testing.factories import make_organisation

BODY = json.dumps({"contents": []}).encode()


@pytest.fixture
def conf(settings):
    settings.PARTNER_FEED_FETCH = {
        **settings.PARTNER_FEED_FETCH,
        "ALLOW_HTTP": True,
        "ALLOWED_NETWORKS": ["127.0.0.1/32"],
        "MAX_BYTES": 10_000,
        "TIMEOUT_SECONDS": 1.0,
        "MAX_REDIRECTS": 3,
    }
    return settings.PARTNER_FEED_FETCH


@pytest.fixture
def server():
    """A loopback server: /ok, /big, /big-unannounced, /slow, /to?url=<where>, /loop."""
    seen = {"hosts": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            seen["hosts"].append(self.headers.get("Host"))
            path, _, query = self.path.partition("?")
            if path == "/ok":
                self._send(BODY)
            elif path == "/big":
                self._send(b" " * 20_000)
            elif path == "/big-unannounced":
                self.send_response(200)
                self.end_headers()
                for _ in range(20):
                    self.wfile.write(b" " * 1000)
            elif path == "/slow":
                self.send_response(200)
                self.end_headers()
                try:
                    for _ in range(30):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.1)
                except OSError:
                    pass
            elif path in ("/to", "/loop"):
                self.send_response(302)
                self.send_header(
                    "Location", query.removeprefix("url=") if path == "/to" else "/loop"
                )
                self.end_headers()
            else:
                self.send_error(404)

        def _send(self, data):
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    seen["base"] = f"http://127.0.0.1:{httpd.server_address[1]}"
    seen["port"] = httpd.server_address[1]
    yield seen
    httpd.shutdown()
    httpd.server_close()


def _resolving(monkeypatch, mapping):
    """Pretend DNS: name -> addresses."""

    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in mapping[host]
        ]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/feed.json",
        "https://127.9.9.9/",
        "https://10.1.2.3/",
        "https://172.16.0.1/",
        "https://192.168.1.1/",
        "https://169.254.169.254/latest/meta-data/",  # cloud metadata
        "https://100.100.100.200/",  # carrier NAT (another cloud's metadata)
        "https://0.0.0.0/",
        "https://224.0.0.1/",
        "https://[::1]/",
        "https://[fd00:ec2::254]/",  # IPv6 metadata
        "https://[fe80::1]/",
        "https://[::ffff:127.0.0.1]/",  # IPv4-mapped
        "https://[::ffff:169.254.169.254]/",
        "https://[2002:7f00:1::]/",  # 6to4 round 127.0.0.1
        "https://[64:ff9b::a9fe:a9fe]/",  # NAT64 round 169.254.169.254
        "https://localhost/",
        "https://2130706433/",  # 127.0.0.1 as one number
    ],
)
def test_internal_addresses_are_refused(url, settings):
    with pytest.raises(FetchRefused):
        fetch(url)


def test_a_name_is_checked_against_every_address_it_resolves_to(monkeypatch):
    _resolving(monkeypatch, {"feed.partner.example": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(FetchRefused, match="private"):
        fetch("https://feed.partner.example/oruk")
    _resolving(monkeypatch, {"meta.partner.example": ["169.254.169.254"]})
    with pytest.raises(FetchRefused, match="link-local"):
        fetch("https://meta.partner.example/oruk")


@pytest.mark.parametrize(
    "url",
    [
        "http://feed.partner.example/",
        "ftp://feed.partner.example/",
        "file:///etc/passwd",
        "https://user:secret@feed.partner.example/",
        "https://",
        "https://[::1/",
    ],
)
def test_only_https_without_credentials_by_default(url):
    with pytest.raises(FetchRefused):
        check_url(url, resolve=False)


def test_public_https_passes_the_check(monkeypatch):
    _resolving(monkeypatch, {"feed.partner.example": ["93.184.216.34"]})
    target = check_url("https://feed.partner.example/api/services?page=2")
    assert (target.host, target.port, target.address, target.path) == (
        "feed.partner.example",
        443,
        "93.184.216.34",
        "/api/services?page=2",
    )


def test_an_allowed_network_is_fetched(conf, server):
    assert fetch(server["base"] + "/ok") == BODY


def test_loopback_is_refused_unless_allowed(conf, server, settings):
    settings.PARTNER_FEED_FETCH = {**conf, "ALLOWED_NETWORKS": []}
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(server["base"] + "/ok")


def test_the_connection_goes_to_the_checked_address(conf, server, monkeypatch):
    # A second DNS answer (rebinding) never matters: the name is resolved once, and the
    # connection is made to that address while the Host header keeps the name.
    answers = iter([["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]])

    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", getaddrinfo)
    url = f"http://feed.partner.example:{server['port']}/ok"
    assert fetch(url) == BODY
    assert server["hosts"] == [f"feed.partner.example:{server['port']}"]


@pytest.mark.parametrize(
    "where",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "file:///etc/passwd",
    ],
)
def test_every_redirect_is_checked_again(conf, server, where):
    with pytest.raises(FetchRefused):
        fetch(f"{server['base']}/to?url={where}")
    assert len(server["hosts"]) == 1  # nothing was sent to the redirect's target


def test_a_redirect_to_an_allowed_place_is_followed(conf, server):
    assert fetch(f"{server['base']}/to?url=/ok") == BODY


def test_redirects_are_limited(conf, server):
    with pytest.raises(FetchRefused, match="redirected more than 3"):
        fetch(server["base"] + "/loop")
    assert len(server["hosts"]) == 4


def test_a_redirect_to_http_is_refused_when_only_https_is(conf, server, settings):
    settings.PARTNER_FEED_FETCH = {**conf, "ALLOW_HTTP": False}
    with pytest.raises(FetchRefused, match="only https"):
        check_url(server["base"] + "/ok")


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_an_oversized_body_is_refused(conf, server, path):
    with pytest.raises(FetchRefused, match="larger than 10000 bytes"):
        fetch(server["base"] + path)


def test_a_slow_feed_is_cut_off(conf, server):
    start = time.monotonic()
    with pytest.raises(FetchRefused, match="too long"):
        fetch(server["base"] + "/slow")
    assert time.monotonic() - start < 2.5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://council.example/oruk",
        "https://127.0.0.1/oruk",
        "https://[::1]/",
        "https://169.254.169.254/",
        "https://localhost:8000/feed.json",
    ],
)
def test_registration_refuses_what_the_address_itself_gives_away(url):
    partner = make_organisation("third_sector", "S12000049", email="feeds@partner.example")
    with pytest.raises(ValueError):
        register_feed(owner=partner, url=url)


@pytest.mark.django_db
def test_a_pull_of_a_refused_address_withdraws_nothing_and_says_why(monkeypatch):
    partner = make_organisation("third_sector", "S12000049", email="feeds@partner.example")
    feed = register_feed(owner=partner, url="https://feed.partner.example/feed.json")
    _resolving(monkeypatch, {"feed.partner.example": ["169.254.169.254"]})
    pull = pull_feed(feed)
    assert "link-local" in pull.error and pull.withdrawn == 0 and pull.owner_told
