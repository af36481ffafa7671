import pytest

from kinship.families import access_codes

pytestmark = pytest.mark.django_db


def test_references_read_well_over_the_phone():
    ref = access_codes.new_reference("KH")
    assert ref.startswith("KH-") and len(ref) == 12
    assert not set(ref[3:].replace("-", "")) & set("01ILOU")


def test_typed_references_are_normalised():
    assert access_codes.formatted_reference("KH", " kh 7f3k-9qpd ") == "KH-7F3K-9QPD"
    assert access_codes.formatted_reference("KH", "KR-7F3K-9QPD") == ""
    assert access_codes.formatted_reference("KH", "<script>") == ""
    assert access_codes.formatted_reference("KH", "x" * 10_000) == ""


def test_secret_hash_depends_on_purpose_and_ignores_spacing():
    secret = access_codes.new_secret()
    h = access_codes.secret_hash(secret, "a")
    assert access_codes.secret_matches(secret.lower().replace("-", " "), h, "a")
    assert not access_codes.secret_matches(secret, h, "b")
    assert not access_codes.secret_matches("wrong", h, "a")
