from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kring.accounts.models import User


@admin.register(User)
class KringUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff", "last_login")
    search_fields = ("username", "email", "first_name", "last_name")
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )
