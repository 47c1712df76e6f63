from django.contrib import admin

from kring.audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only and nobody edits or deletes entries."""

    list_display = ("at", "user_label", "organisation", "role", "client_id", "action", "ip_address", "path")
    list_filter = ("action", "organisation")
    search_fields = ("user_label", "path", "detail")
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
