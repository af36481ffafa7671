import pytest

from kinship.places.models import Council, PostcodeDistrict
from kinship.places.postcodes import PostcodeStatus, lookup_postcode, normalise
from kinship.places.selectors import distance_km, nearest_councils

pytestmark = pytest.mark.django_db


def test_reference_data_is_complete():
    assert Council.objects.count() == 32
    assert PostcodeDistrict.objects.count() == 438
    assert Council.objects.get(code="S12000049").name == "Glasgow City"


@pytest.mark.parametrize(
    "entered, normalised, district, council",
    [
        ("IV51 9EH", "IV51 9EH", "IV51", "Highland"),  # Portree, Skye
        ("kw15 1ny", "KW15 1NY", "KW15", "Orkney Islands"),  # Kirkwall
        ("EH1 1YZ", "EH1 1YZ", "EH1", "City of Edinburgh"),
        ("G2 1DY", "G2 1DY", "G2", "Glasgow City"),
        ("TD9 9DB", "TD9 9DB", "TD9", "Scottish Borders"),  # Hawick
        ("HS1 2BW", "HS1 2BW", "HS1", "Na h-Eileanan Siar"),  # Stornoway
        ("  eh11yz ", "EH1 1YZ", "EH1", "City of Edinburgh"),
        ("ZE1", "ZE1", "ZE1", "Shetland Islands"),
        ("ab10-1aa", "AB10 1AA", "AB10", "Aberdeen City"),
    ],
)
def test_real_scottish_postcodes_are_placed(entered, normalised, district, council):
    result = lookup_postcode(entered)
    assert result.status == PostcodeStatus.FOUND
    assert result.normalised == normalised
    assert result.outward == district
    assert result.council.name == council
    lat, lon = result.centroid
    assert 54.5 < lat < 61 and -8 < lon < -0.5


@pytest.mark.parametrize(
    "entered", ["", "   ", "hello", "EH1 1Y", "123", "EH1 1YZZ", "<script>alert(1)</script>",
                "'; DROP TABLE places_council; --", "../../etc/passwd", "E" * 10_000, "EH\x00 1YZ"]
)
def test_not_a_postcode(entered):
    result = lookup_postcode(entered)
    assert result.status == PostcodeStatus.INVALID
    assert "Enter a real postcode" in result.message
    assert result.council is None


@pytest.mark.parametrize("entered", ["SW1A 1AA", "CA1 1AA", "BT1 1AA", "TD15 1AA", "M1"])
def test_valid_but_not_in_scotland(entered):
    result = lookup_postcode(entered)
    assert result.status == PostcodeStatus.NOT_IN_SCOTLAND
    assert "not a Scottish postcode" in result.message


@pytest.mark.parametrize("entered", ["EH99 1SP", "G99", "KW99 9ZZ"])
def test_scottish_district_we_do_not_know(entered):
    result = lookup_postcode(entered)
    assert result.status == PostcodeStatus.UNKNOWN_DISTRICT
    assert "looks Scottish" in result.message


def test_non_string_input_never_raises():
    assert lookup_postcode(None).status == PostcodeStatus.INVALID
    assert normalise(12345) is None


def test_distance_in_kilometres():
    # Edinburgh (EH1) to Glasgow (G2): about 67 km as the crow flies.
    eh1 = PostcodeDistrict.objects.get(district="EH1")
    g2 = PostcodeDistrict.objects.get(district="G2")
    d = distance_km(eh1.latitude, eh1.longitude, g2.latitude, g2.longitude)
    assert 60 < d < 75
    assert distance_km(1, 1, 1, 1) == 0


def test_nearest_councils_start_with_the_council_itself():
    near = nearest_councils("S12000036", within_km=40)
    assert near[0] == "S12000036"
    assert "S12000019" in near  # Midlothian borders Edinburgh
    assert "S12000023" not in near  # Orkney is far away
    assert nearest_councils("nonsense") == []
