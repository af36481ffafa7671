"""factory_boy factories for organisations and staff. They build through the accounts
services (via kinship.testing.factories), so every row has what the product would give it
(directory entry, second factor)."""

import factory

from kinship.accounts.models import Organisation, OrganisationKind, Role, User
from kinship.testing.factories import make_organisation, make_staff


class OrganisationFactory(factory.Factory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.THIRD_SECTOR
    council_code = "S12000049"  # Glasgow City
    name = factory.Sequence(lambda n: f"Factory organisation {n}")

    @classmethod
    def _create(cls, model_class, *args, kind, council_code, **kwargs):
        return make_organisation(kind, council_code, **kwargs)


class StaffFactory(factory.Factory):
    """A member of staff; without `organisation`, one of the right kind for the role."""

    class Meta:
        model = User

    role = Role.ADVISER
    organisation = None
    with_second_factor = True
    email = factory.Sequence(lambda n: f"factory-staff{n}@test.example")

    @classmethod
    def _create(cls, model_class, *args, role, organisation, with_second_factor, email):
        return make_staff(role, organisation, with_second_factor=with_second_factor, email=email)
