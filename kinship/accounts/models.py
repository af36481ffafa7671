from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.places.models import Council


class OrganisationKind(models.TextChoices):
    NATIONAL_ADVICE = "national_advice", _("National advice service")
    COUNCIL_KINSHIP_TEAM = "council_kinship_team", _("Council kinship team")
    HEALTH_BOARD = "health_board", _("Health board")
    SCHOOL = "school", _("School")
    THIRD_SECTOR = "third_sector", _("Third-sector organisation")
    SCOTTISH_GOVERNMENT = "scottish_government", _("Scottish Government")


class Role(models.TextChoices):
    ADVISER = "adviser", _("Advice-service adviser")
    COUNCIL_WORKER = "council_worker", _("Council kinship worker")
    KINSHIP_COORDINATOR = "kinship_coordinator", _("Kinship Co-ordinator")
    PARTNER_WORKER = "partner_worker", _("Partner worker")
    ANALYST = "analyst", _("Analyst")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    # A volunteer mentor of a mentoring scheme: sees only the families matched to them.
    MENTOR = "mentor", _("Mentor")


class Organisation(models.Model):
    """An organisation taking part: it covers some council areas, or all of Scotland."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    is_national = models.BooleanField(
        default=False, help_text=_("Covers all of Scotland rather than listed council areas.")
    )
    councils = models.ManyToManyField(Council, blank=True, related_name="organisations")
    # For a council kinship team: the council it belongs to (and so whose offer it may edit).
    home_council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="own_teams"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by a platform administrator: no one at a suspended organisation can sign in to act,
    # so its open referrals are passed to the national advice service.
    suspended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="council_team_has_home_council",
                condition=~models.Q(kind="council_kinship_team")
                | models.Q(home_council__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.PLATFORM_ADMIN)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A member of staff. Families and young people never have accounts.

    A person works in one organisation in one role; that pair decides what they may see.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles
