from django.contrib import admin

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.care.models import (
    Client,
    Enrolment,
    Group,
    LocationPreference,
    Programme,
    ProgrammeSession,
    Session,
)


class ProgrammeSessionInline(admin.StackedInline):
    model = ProgrammeSession
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "organisation", "group_min", "group_target", "group_max")
    list_filter = ("code", "organisation")
    inlines = [ProgrammeSessionInline]


class LocationPreferenceInline(admin.TabularInline):
    model = LocationPreference
    extra = 0


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fk_name = "client"


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("display_name", "organisation", "programme", "due_date", "baby_birth_date")
    list_filter = ("organisation", "programme__code")
    search_fields = ("given_name", "family_name", "called_name", "bsn")
    raw_id_fields = ("parent_client",)
    inlines = [LocationPreferenceInline, EnrolmentInline]

    # Administrators reading client records are logged like everyone else (NEN 7513).
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        client = self.get_object(request, object_id)
        if client is not None and request.method == "GET":
            log_access(request, client, AccessLog.Action.VIEW, detail="admin")
        return response

    def changelist_view(self, request, extra_context=None):
        query = request.GET.get("q")
        if query:
            log_access(request, None, AccessLog.Action.SEARCH, detail=f"admin: {query[:200]}")
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = AccessLog.Action.CHANGE if change else AccessLog.Action.CREATE
        log_access(request, obj, action, detail=f"admin: {', '.join(form.changed_data)}"[:500])


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("number", "date", "starts_at", "ends_at", "room", "lead", "co", "status")


class GroupEnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fk_name = "group"
    raw_id_fields = ("client",)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "programme", "location", "weekday", "daypart", "status")
    list_filter = ("organisation", "programme__code", "status")
    search_fields = ("name",)
    raw_id_fields = ("follow_up",)
    inlines = [SessionInline, GroupEnrolmentInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "date", "room", "lead", "co", "status")
    list_filter = ("group__organisation", "status")
    date_hierarchy = "date"
