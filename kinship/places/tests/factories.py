"""factory_boy factory for councils. Councils are reference data loaded by a migration, so the
factory fetches the real one by code rather than inventing a council."""

from factory.django import DjangoModelFactory

from kinship.places.models import Council


class CouncilFactory(DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("code",)

    code = "S12000049"  # Glasgow City
