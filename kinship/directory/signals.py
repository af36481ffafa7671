"""Keep the search index free of deleted services (e.g. removed in the admin), and the search
page's kept copies (cache.py) in step with every row a listed service shows."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import cache
from .models import Location, Organization, Phone, Service, ServiceArea, ServiceAtLocation
from .search import remove_from_index

SHOWN_IN_RESULTS = (Service, Organization, Phone, ServiceArea, ServiceAtLocation, Location)


def _forget_kept_copies(sender, **kwargs):
    cache.changed()


for _model in SHOWN_IN_RESULTS:
    post_save.connect(
        _forget_kept_copies, sender=_model, dispatch_uid=f"directory-cache-save-{_model.__name__}"
    )
    post_delete.connect(
        _forget_kept_copies, sender=_model, dispatch_uid=f"directory-cache-delete-{_model.__name__}"
    )


@receiver(post_delete, sender=Service)
def drop_deleted_service_from_index(sender, instance, **kwargs):
    remove_from_index([instance.pk])
