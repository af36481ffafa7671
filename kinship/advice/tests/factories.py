"""factory_boy factories for advice enquiries, built the way the product builds them (a
reference and a hashed secret)."""

import factory

from kinship.advice import services
from kinship.advice.models import Enquiry


class EnquiryFactory(factory.Factory):
    class Meta:
        model = Enquiry

    organisation = None
    channel = "web"
    what_is_happening = "Help with money"
    topics = factory.LazyFunction(lambda: ["money"])
    council_id = "S12000049"
    contact_name = "Agnes Brown"

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        organisation,
        channel,
        what_is_happening,
        topics,
        council_id,
        contact_name,
        **fields,
    ):
        details = services.EnquiryDetails(
            what_is_happening=what_is_happening,
            topics=topics,
            council_id=council_id,
            contact_name=contact_name,
            **fields,
        )
        enquiry, _secret = services._create_enquiry(
            details, organisation=organisation, channel=channel, due_at=services.due_for(channel)
        )
        return enquiry
