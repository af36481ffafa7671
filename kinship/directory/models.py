"""The directory, shaped on Open Referral UK 3.0 / HSDS 3.0 (UUID identifiers, last_modified),
plus the kinship facts families search by and each council's versioned local offer."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.core.models import AppendOnlyModel
from kinship.places.models import Council


class KindOfSupport(models.TextChoices):
    """The seven kinds of support proposed for Kinship Care Assistance (wording from the
    consultation text, see shared/design/DOMAIN.md §9). These are taxonomy terms' codes."""

    INCOME_MAX = "income_max", _("Income maximisation and financial support")
    INFO_ADVICE = "info_advice", _("Information, advice and guidance")
    EMOTIONAL_THERAPEUTIC = "emotional_therapeutic", _("Emotional and therapeutic support")
    PEER_COMMUNITY = "peer_community", _("Peer and community support networks")
    LEARNING_DEVELOPMENT = "learning_development", _("Learning and development opportunities")
    PRACTICAL_MATERIAL = "practical_material", _("Practical and material assistance")
    TRANSITIONAL_CONTINUING = "transitional_continuing", _("Transitional and continuing support")


class Arrangement(models.TextChoices):
    INFORMAL = "informal", _("Informal arrangement (family or friends, no order)")
    LOOKED_AFTER_KINSHIP = "looked_after_kinship", _(
        "Looked after by the council, with kinship carers")
    KINSHIP_CARE_ORDER = "kinship_care_order", _("Kinship care order (section 11)")
    OTHER_OR_NOT_SURE = "other_or_not_sure", _("Other, or not sure")


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A kind of support (top level, code = KindOfSupport) or a finer term under one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="terms")
    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    term_uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_code(self) -> str:
        return self.parent.code if self.parent_id else self.code


class Organization(models.Model):
    """An ORUK organisation. When it is one of ours, `account_organisation` says whose staff
    may edit its services."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account_organisation = models.OneToOneField(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="directory_organization",
    )
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    logo = models.URLField(max_length=500, blank=True)
    uri = models.URLField(max_length=500, blank=True)
    # Kept as a bare identifier: an imported feed may name a parent it does not include.
    parent_organization_id = models.UUIDField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="identifiers")
    identifier_scheme = models.CharField(max_length=100, blank=True)
    identifier_type = models.CharField(max_length=200)
    identifier = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.identifier or str(self.id)


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT,
                                     related_name="services")
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices,
                              default=ServiceStatus.ACTIVE)
    fees_description = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    alert = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    # Kinship facts. One flag per legal arrangement keeps filtering a plain indexed lookup.
    serves_informal = models.BooleanField(default=True)
    serves_looked_after_kinship = models.BooleanField(default=True)
    serves_kinship_care_order = models.BooleanField(default=True)
    serves_other = models.BooleanField(default=True)
    taxonomy_terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    is_specialist_kinship_team = models.BooleanField(default=False)
    # A council's own kinship offer (one per council at most, see constraint).
    is_local_offer = models.BooleanField(default=False)
    # Where it is based (ranking); coverage is in service areas.
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="directory_services")
    is_national = models.BooleanField(default=False, db_index=True)
    # Denormalised from the main location, for distance ordering in one query.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    last_checked = models.DateField(null=True, blank=True, help_text=_(
        "The date its owner last confirmed the entry is right (ORUK assured_date)."))
    is_demo = models.BooleanField(default=False)
    # Fingerprint of the feed record it was last imported from: re-importing the same record
    # is then "unchanged" rather than a write.
    import_fingerprint = models.CharField(max_length=64, blank=True)
    last_modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council"], condition=models.Q(is_local_offer=True),
                                    name="one_local_offer_service_per_council"),
            models.CheckConstraint(
                name="service_age_range_ordered",
                condition=models.Q(minimum_age__isnull=True) | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def arrangements(self) -> list[str]:
        flags = [
            (Arrangement.INFORMAL, self.serves_informal),
            (Arrangement.LOOKED_AFTER_KINSHIP, self.serves_looked_after_kinship),
            (Arrangement.KINSHIP_CARE_ORDER, self.serves_kinship_care_order),
            (Arrangement.OTHER_OR_NOT_SURE, self.serves_other),
        ]
        return [a for a, on in flags if on]


ARRANGEMENT_FIELDS = {
    Arrangement.INFORMAL: "serves_informal",
    Arrangement.LOOKED_AFTER_KINSHIP: "serves_looked_after_kinship",
    Arrangement.KINSHIP_CARE_ORDER: "serves_kinship_care_order",
    Arrangement.OTHER_OR_NOT_SURE: "serves_other",
}


class ServiceArea(models.Model):
    """Where a service is offered: one council, or (council empty, is_national) all Scotland."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="service_areas")
    is_national = models.BooleanField(default=False)
    name = models.CharField(max_length=300, blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=40, blank=True)
    uri = models.URLField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["council", "service"])]

    def __str__(self) -> str:
        return self.name or str(self.id)


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location_type = models.CharField(max_length=10, choices=LocationType.choices,
                                     default=LocationType.PHYSICAL)
    name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="GB")
    address_id = models.UUIDField(default=uuid.uuid4)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=40, blank=True)
    last_modified = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name or self.postal_code or str(self.id)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE,
                                related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE,
                                 related_name="service_at_locations")
    description = models.TextField(blank=True)
    last_modified = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.description or str(self.id)


class Accessibility(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE,
                                 related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return self.description or str(self.id)


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name or str(self.id)


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="phones")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="phones")
    number = models.CharField(max_length=40)
    extension = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.number or str(self.id)


class Schedule(models.Model):
    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, choices=Freq.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    attending_type = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.description or str(self.id)


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="languages")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name or str(self.id)


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=300, blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.option or str(self.id)


class LocalOffer(models.Model):
    """A council's published local kinship offer. Its content lives in append-only versions."""

    council = models.OneToOneField(Council, on_delete=models.PROTECT, related_name="local_offer")
    team = models.ForeignKey("accounts.Organisation", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="local_offers")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Local kinship offer: {self.council}"

    @property
    def current(self):
        return self.versions.order_by("-number").first()


class LocalOfferVersion(AppendOnlyModel):
    """One published version of a local offer. Never changed: a correction is a new version."""

    offer = models.ForeignKey(LocalOffer, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.CharField(max_length=200, blank=True)
    introduction = models.TextField(blank=True)
    # {kind code: what the council offers for that kind}
    by_kind = models.JSONField(default=dict)
    change_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="offer_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} v{self.number}"

