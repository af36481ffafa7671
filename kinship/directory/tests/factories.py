"""factory_boy factories for directory entries (ORUK organisations and services)."""

import factory
from factory.django import DjangoModelFactory

from kinship.directory.models import Organization, Service
from kinship.directory.services import directory_organization_for


class DirectoryOrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Directory organisation {n}")


class ServiceFactory(DjangoModelFactory):
    """A service; pass `provider=<accounts Organisation>` to list it under one of ours."""

    class Meta:
        model = Service

    class Params:
        provider = None

    organization = factory.LazyAttribute(
        lambda o: (
            directory_organization_for(o.provider) if o.provider else DirectoryOrganizationFactory()
        )
    )
    name = factory.Sequence(lambda n: f"Test service {n}")
    description = "A service made for a test."
