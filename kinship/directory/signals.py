"""Keep the search index free of deleted services (e.g. removed in the admin)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Service
from .search import remove_from_index


@receiver(post_delete, sender=Service)
def drop_deleted_service_from_index(sender, instance, **kwargs):
    remove_from_index([instance.pk])
