from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Searchable, and read-only: no add, change or delete, whoever asks."""

    list_display = ("at", "actor_email", "organisation_name", "action", "object_type", "object_id",
                    "purpose")
    list_filter = ("action", "object_type", "organisation_name")
    search_fields = ("actor_email", "object_id", "purpose", "organisation_name", "path")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
