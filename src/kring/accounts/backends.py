from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """Authenticate with the username or the e-mail address in the username field.

    The lookup lives in `KringUserManager.get_by_natural_key`; this class exists so the
    setting names what it does.
    """
