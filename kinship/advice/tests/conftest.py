import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def advice_org(db):
    from kinship.accounts.models import OrganisationKind
    from kinship.testing.factories import make_organisation

    return make_organisation(OrganisationKind.NATIONAL_ADVICE)


@pytest.fixture
def adviser(advice_org):
    from kinship.testing.factories import make_staff

    return make_staff("adviser", advice_org)


@pytest.fixture
def colleague(advice_org):
    from kinship.testing.factories import make_staff

    return make_staff("adviser", advice_org)


VALID_ASK = {
    "what_is_happening": "My granddaughter has lived with me since March. What help is there?",
    "topics": ["money", "school"],
    "postcode": "G1 1AA",
    "council": "",
    "contact_name": "Agnes",
    "contact_method": "email",
    "email": "agnes@example.com",
    "safe_to_leave_message": "yes",
    "language": "",
    "submission_token": "token-one",
}


@pytest.fixture
def ask_data():
    return dict(VALID_ASK)
