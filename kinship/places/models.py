from django.db import models

# The names people say where a council's official name is one they may not know: the council
# area's official name is Gàidhlig, and most people call it the Western Isles (see
# places/data/PROVENANCE.md).
EVERYDAY_NAMES = {"S12000013": "Western Isles"}


class Council(models.Model):
    """One of Scotland's 32 council areas, keyed by its GSS code (S12000xxx)."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The official name, with the everyday one where they differ:
        "Na h-Eileanan Siar (Western Isles)"."""
        everyday = EVERYDAY_NAMES.get(self.code)
        return f"{self.name} ({everyday})" if everyday else self.name


class PostcodeDistrict(models.Model):
    """An outward code (EH12) with its approximate centroid and the council most of it is in."""

    district = models.CharField(max_length=4, primary_key=True)
    place = models.CharField(max_length=100)
    latitude = models.FloatField()
    longitude = models.FloatField()
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["district"]

    def __str__(self) -> str:
        return f"{self.district} ({self.place})"
