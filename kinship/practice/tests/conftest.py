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
def editor(advice_org):
    from kinship.testing.factories import make_staff

    return make_staff("adviser", advice_org)


@pytest.fixture
def second_editor(advice_org):
    from kinship.testing.factories import make_staff

    return make_staff("adviser", advice_org)


@pytest.fixture
def moderator(advice_org):
    from kinship.testing.factories import make_staff

    return make_staff("org_admin", advice_org)


@pytest.fixture
def worker(db):
    from kinship.testing.factories import make_staff

    return make_staff("council_worker")
