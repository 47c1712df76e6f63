"""The login account. Who a user is *in an organisation* (roles, availability, training) lives
on `kring.organisations.Person`; one user can be a person in several organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class KringUserManager(UserManager):
    def get_by_natural_key(self, username: str):
        """Log in with the username or the e-mail address, both case-insensitively."""
        try:
            return self.get(username__iexact=username)
        except self.model.DoesNotExist:
            return self.get(email__iexact=username)


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)

    objects = KringUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email or self.username

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
