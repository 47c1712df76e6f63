"""Dutch first: the page language is Dutch unless the user chose another one."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but without guessing from the browser's Accept-Language:
    many Dutch care workers use an English browser or laptop and should still get Kring in
    Dutch. The language switcher (`set_language`) stores a choice in a cookie, which wins."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
