"""Text answers are gzipped for browsers that accept it (issue 20), pages still work without,
and answers carrying personal data (Cache-Control: no-store) are never compressed (BREACH)."""

import gzip

import pytest

from kinship.web.reference import ensure_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference():
    ensure_reference_data()


def test_public_page_is_gzipped_when_accepted(client):
    response = client.get("/support/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "</html>" in html
    assert int(response["Content-Length"]) == len(response.content) < len(html.encode())


def test_public_page_without_accept_encoding_is_plain(client):
    response = client.get("/support/")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert b"</html>" in response.content


def test_form_page_compressed_keeps_security_headers_and_csrf_cookie(client):
    plain = client.get("/ask/")
    response = client.get("/ask/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options"):
        assert response[header] == plain[header]
    assert "csrftoken" in response.cookies
    assert b'name="csrfmiddlewaretoken"' in gzip.decompress(response.content)


def test_csv_open_data_is_gzipped(client):
    response = client.get("/allowances/compare.csv", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode().count("\n") > 1


def test_no_store_pages_are_never_compressed(client):
    # Staff pages (no-store, personal data behind a session) stay uncompressed.
    response = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("Content-Encoding")


def test_pdf_and_other_binary_types_are_left_alone():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from kinship.web.middleware import CompressionMiddleware

    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    body = b"%PDF-1.7 " + b"x" * 5000
    response = CompressionMiddleware(lambda r: HttpResponse(body, content_type="application/pdf"))(
        request
    )
    assert not response.has_header("Content-Encoding")
    assert response.content == body
