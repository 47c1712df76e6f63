"""The CZ→CO pathway: the JGZ nurse visits CZ session 8 or 9, the CZ group's babies form a CO
group run by a JGZ organisation, and CZ session 10 can be that group's first session."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Sessions of a CZ group the JGZ nurse may visit to recruit for CO (centering.md 1).
GUEST_SESSION_NUMBERS = (8, 9)
KICKOFF_CZ_SESSION_NUMBER = 10


class GuestInvitation(models.Model):
    """A guest (usually the JGZ nurse) invited to a session. A guest sees no records."""

    session = models.ForeignKey(
        "care.Session", on_delete=models.CASCADE, related_name="guest_invitations", verbose_name=_("session")
    )
    guest_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("guest's organisation"),
    )
    guest_name = models.CharField(_("guest's name"), max_length=200)
    guest_email = models.EmailField(_("guest's email address"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("guest invitation")
        verbose_name_plural = _("guest invitations")
        ordering = ["invited_at"]

    def __str__(self) -> str:
        return f"{self.guest_name} → {self.session}"


class CoProposal(models.Model):
    """Kring's proposal of a CO group for the babies of a CZ group, to a JGZ organisation.

    The CZ organisation proposes the members who agree; the JGZ organisation accepts by
    forming the group, which creates its own client records (linked to the CZ records through
    `Client.parent_client`), so neither organisation sees the other's records.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Group formed")
        DECLINED = "declined", _("Declined")

    cz_group = models.ForeignKey(
        "care.Group", on_delete=models.CASCADE, related_name="co_proposals", verbose_name=_("CZ group")
    )
    jgz_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="incoming_co_proposals",
        verbose_name=_("JGZ organisation"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    co_group = models.OneToOneField(
        "care.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="co_origin",
        verbose_name=_("CO group"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("CO group proposal")
        verbose_name_plural = _("CO group proposals")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cz_group"],
                condition=models.Q(status="proposed"),
                name="co_proposal_one_open_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cz_group} → {self.jgz_organisation}"


class CoProposalMember(models.Model):
    """A CZ participant in a proposal, with her consent and, once formed, her CO record."""

    proposal = models.ForeignKey(CoProposal, on_delete=models.CASCADE, related_name="members")
    cz_client = models.ForeignKey(
        "care.Client", on_delete=models.CASCADE, related_name="co_proposals", verbose_name=_("CZ participant")
    )
    agrees = models.BooleanField(_("agrees to continue in CO"), default=False)
    co_client = models.OneToOneField(
        "care.Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="co_proposal_membership",
        verbose_name=_("CO client record"),
    )

    class Meta:
        verbose_name = _("proposed member")
        verbose_name_plural = _("proposed members")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "cz_client"], name="co_proposal_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cz_client}"


class SessionLink(models.Model):
    """CZ session 10 held as the first session of the follow-up CO group."""

    cz_session = models.OneToOneField(
        "care.Session", on_delete=models.CASCADE, related_name="co_kickoff", verbose_name=_("CZ session")
    )
    co_session = models.OneToOneField(
        "care.Session", on_delete=models.CASCADE, related_name="cz_origin", verbose_name=_("CO session")
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("linked by")
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("CZ→CO session link")
        verbose_name_plural = _("CZ→CO session links")

    def __str__(self) -> str:
        return f"{self.cz_session} = {self.co_session}"
