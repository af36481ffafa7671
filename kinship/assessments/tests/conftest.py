import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache(request):
    # The cache is database-backed (throttles): only clear it for tests that use the database.
    uses_db = request.node.get_closest_marker("django_db") or {
        "db", "transactional_db", "world"} & set(request.fixturenames)
    if uses_db:
        if not request.node.get_closest_marker("django_db"):
            request.getfixturevalue("transactional_db" if "transactional_db" in
                                    request.fixturenames else "db")
        cache.clear()


@pytest.fixture
def world(db):
    from .helpers import make_world

    return make_world()
