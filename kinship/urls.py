"""URL map. Public pages sit inside i18n_patterns (English unprefixed, /gd/ for Gàidhlig), so
switching language needs no cookie. Staff pages live under /staff/, behind sign-in and a second
factor. Each app owns its own urls.py; empty ones are placeholders for apps still to come."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from kinship.web import views as web_views

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Kinship Hub administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("kinship.accounts.urls")),
    path("staff/directory/", include("kinship.directory.staff_urls")),
    path("staff/families/", include("kinship.families.staff_urls")),
    path("staff/advice/", include("kinship.advice.staff_urls")),
    path("staff/referrals/", include("kinship.referrals.staff_urls")),
    path("staff/assessments/", include("kinship.assessments.staff_urls")),
    path("staff/allowances/", include("kinship.allowances.staff_urls")),
    path("staff/organisations/", include("kinship.onboarding.urls")),
    # The invitation link: outside /staff/ because the invitee has no second factor yet.
    path("join/", include("kinship.onboarding.join_urls")),
    path("staff/insights/", include("kinship.insights.staff_urls")),
    path("staff/delivery/", include("kinship.delivery.staff_urls")),
    path("staff/caseload/", include("kinship.caseload.staff_urls")),
    path("staff/practice/", include("kinship.practice.staff_urls")),
    path("staff/mentors/", include("kinship.mentors.staff_urls")),
    path("staff/dataprotection/", include("kinship.dataprotection.staff_urls")),
    path("api/", include("kinship.api_urls")),
]
if settings.BENCH_ROUTES:  # timing references for bench/, never in a deployment
    urlpatterns.append(path("_bench/trivial/", web_views.trivial, name="bench_trivial"))

urlpatterns += i18n_patterns(
    path("", include("kinship.web.urls")),
    path("support/", include("kinship.directory.urls")),
    path("check/", include("kinship.entitlements.urls")),
    path("allowances/", include("kinship.allowances.urls")),
    path("ask/", include("kinship.advice.urls")),
    path("referral/", include("kinship.referrals.urls")),
    path("assessment/", include("kinship.assessments.urls")),
    path("insights/", include("kinship.insights.urls")),
    path("delivery/", include("kinship.delivery.urls")),
    path("have-your-say/", include("kinship.delivery.voice_urls")),
    path("learning/", include("kinship.practice.urls")),
    path("mentors/", include("kinship.mentors.urls")),
    path("data-protection/", include("kinship.dataprotection.urls")),
    prefix_default_language=False,
)
