"""Administrators add later years of the SRA here, each with its source; councils' published
rates are read-only (append-only, published through the staff pages)."""

from django.contrib import admin

from .models import ExtraPayment, RateBand, RatePublication, RecommendedAllowance


@admin.register(RecommendedAllowance)
class RecommendedAllowanceAdmin(admin.ModelAdmin):
    list_display = ["financial_year", "age_from", "age_to", "weekly_amount", "effective_from",
                    "source_url"]
    list_filter = ["financial_year"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RateBandInline(ReadOnlyInline):
    model = RateBand


class ExtraPaymentInline(ReadOnlyInline):
    model = ExtraPayment


@admin.register(RatePublication)
class RatePublicationAdmin(admin.ModelAdmin):
    list_display = ["council", "financial_year", "carer_type", "version", "published_at",
                    "is_demo"]
    list_filter = ["financial_year", "carer_type", "is_demo"]
    search_fields = ["council__name"]
    inlines = [RateBandInline, ExtraPaymentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
