from django.contrib import admin

from kring.organisations.models import (
    Absence,
    ClosedDate,
    Daypart,
    IntervisionMeeting,
    Location,
    Organisation,
    Person,
    Role,
    Room,
    RoomClosure,
    Training,
)


class DaypartInline(admin.TabularInline):
    model = Daypart
    extra = 0


class ClosedDateInline(admin.TabularInline):
    model = ClosedDate
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "agb_code", "ura_number")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "agb_code", "ura_number")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [DaypartInline, ClosedDateInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new organisation starts with the default dayparts and the CZ and CO programmes.
        from kring.care.programmes import set_up_organisation

        set_up_organisation(form.instance)


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ("name", "capacity_seats", "cost_per_session", "availability", "is_active")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "online", "postcode", "city", "is_active")
    list_filter = ("organisation", "online", "is_active")
    search_fields = ("name", "city", "postcode")
    inlines = [RoomInline]


class RoomClosureInline(admin.TabularInline):
    model = RoomClosure
    extra = 0


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "location", "capacity_seats", "cost_per_session", "is_active")
    list_filter = ("location__organisation", "is_active")
    search_fields = ("name", "location__name")
    inlines = [RoomClosureInline]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0
    show_change_link = True


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organisation", "profession", "user", "is_active")
    list_filter = ("organisation", "roles__role", "is_active")
    search_fields = ("given_name", "family_name", "email", "agb_code")
    autocomplete_fields = ("user",)
    filter_horizontal = ("locations",)
    inlines = [RoleInline, TrainingInline, AbsenceInline]


class IntervisionMeetingInline(admin.TabularInline):
    model = IntervisionMeeting
    extra = 0


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("person", "programme", "trained_on", "certified_on")
    list_filter = ("programme", "person__organisation")
    inlines = [IntervisionMeetingInline]
