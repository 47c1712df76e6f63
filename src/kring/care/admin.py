from django.contrib import admin

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
