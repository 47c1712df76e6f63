from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

if settings.KRING_REQUIRE_2FA:
    # With two-factor login required, the admin asks for a TOTP token as well (django-otp).
    admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("kring.web.urls")),
    path("", include("kring.records.urls")),
    path("", include("kring.calendars.urls")),
    path("", include("kring.planner.urls")),
    path("api/v1/", include("kring.api.urls")),
    path("", include("kring.api.token_urls")),
    path("", include("kring.ops.urls")),
    path("", include("kring.reminders.urls")),
    path("", include("kring.transfer.urls")),
    path("", include("kring.reports.urls")),
    path("", include("kring.evaluation.urls")),
]
