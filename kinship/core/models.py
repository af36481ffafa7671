"""One append-only base for every table whose rows are history: once written, never changed.

Audit events, referral events, consent history, allowance publications, article versions, local
offer versions and assessment versions all use it. The model refuses `save()` on an existing
row and `delete()`; its queryset refuses `update()`, `delete()`, `bulk_update()` and
`update_or_create()`; and the database refuses UPDATE (and DELETE on PostgreSQL) through the
triggers `kinship.core.triggers` installs after every migrate for every subclass.
"""

from django.db import models


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    def _refuse(self, verb: str):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be {verb}.")

    def update(self, **kwargs):
        self._refuse("changed")

    def delete(self):
        self._refuse("deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse("changed")

    def update_or_create(self, *args, **kwargs):
        self._refuse("changed")


class AppendOnlyManager(models.Manager.from_queryset(AppendOnlyQuerySet)):
    pass


class AppendOnlyModel(models.Model):
    """Abstract base: rows can be added, never changed or deleted."""

    objects = AppendOnlyManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} cannot be deleted.")
