"""Who is calling: an API token (`Authorization: Bearer kring_…`) or the app's own login
session (DRF's SessionAuthentication, which requires the CSRF token on every write)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from kring.accounts.twofactor import needs_second_factor
from kring.api.tokens import find_token, touch


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        token = find_token(header[1])
        if token is None or not token.created_by.is_active:
            raise exceptions.AuthenticationFailed(_("This API token is unknown or has been revoked."))
        touch(token)
        return token.created_by, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="kring"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kring.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token made by a coordinator on the API tokens page (kring_…).",
        }


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The app's login session, with CSRF on writes, and only once the second factor is given:
    the pages send such a session to the two-factor step, the API refuses it."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and needs_second_factor(request._request):
            raise exceptions.AuthenticationFailed(_("Finish logging in with your second factor first."))
        return result


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "kring.api.authentication.VerifiedSessionAuthentication"
    name = "sessionCookie"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The app's own login session; writes also need the X-CSRFToken header.",
        }
