from django.contrib import admin

from kring.reports.models import AnnualReport, NationalOptIn, NationalViewer


@admin.register(NationalViewer)
class NationalViewerAdmin(admin.ModelAdmin):
    list_display = ("user", "added_at")
    raw_id_fields = ("user",)


@admin.register(NationalOptIn)
class NationalOptInAdmin(admin.ModelAdmin):
    list_display = ("organisation", "opted_in_at", "opted_in_by")
    readonly_fields = ("opted_in_by",)


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "language", "status", "created_at")
    readonly_fields = ("status", "progress_fraction", "progress_phase", "error", "finished_at")
