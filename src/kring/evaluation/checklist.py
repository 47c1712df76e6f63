"""The implementation checklist (centering.md section 4): what an organisation needs to run
Centering, ticked from the data where the data knows and by hand otherwise, with what is
still missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kring.care.models import Group, Session
from kring.evaluation.models import ChecklistTick
from kring.organisations.models import Organisation, Person, Role, Room

GROUPS_PER_YEAR = 12
TRAINED_PROVIDERS = 4
INTERVISION_MEETINGS = 3

BY_HAND = {
    "admin_support": _("Administrative and financial support"),
    "steering_group": _("A steering group (JGZ organisations, hospitals) where required"),
}


@dataclass
class ChecklistItem:
    code: str
    label: Promise | str
    done: bool
    from_data: bool
    detail: str = ""
    missing: list[str] = field(default_factory=list)
    note: str = ""


def _groups_started(organisation: Organisation, year: int) -> int:
    first = Session.objects.filter(group=OuterRef("pk")).exclude(status=Session.Status.CANCELLED)
    first = first.values("group").annotate(d=Min("date")).values("d")[:1]
    return (
        Group.objects.filter(organisation=organisation)
        .exclude(status=Group.Status.CANCELLED)
        .annotate(first_date=Subquery(first))
        .filter(first_date__year=year)
        .count()
    )


def implementation_checklist(organisation: Organisation, year: int) -> list[ChecklistItem]:
    ticks = {tick.item: tick for tick in ChecklistTick.objects.filter(organisation=organisation)}
    rooms = Room.objects.filter(
        location__organisation=organisation, is_active=True, location__online=False
    ).count()
    started = _groups_started(organisation, year)
    people = (
        Person.objects.filter(organisation=organisation, is_active=True)
        .annotate(
            n_trainings=Count("trainings", distinct=True),
            n_certified=Count("trainings", filter=Q(trainings__certified_on__isnull=False), distinct=True),
            n_intervision=Count("trainings__intervision_meetings", distinct=True),
        )
        .order_by("family_name", "given_name")
    )
    trained = [p for p in people if p.n_trainings]  # type: ignore[attr-defined]
    coordinators = Person.objects.filter(
        organisation=organisation, is_active=True, roles__role=Role.Kind.COORDINATOR
    ).count()
    items = [
        ChecklistItem(
            "room",
            _("A suitable group room"),
            rooms > 0,
            True,
            _("%(n)s rooms") % {"n": rooms},
            [] if rooms else [str(_("Add a room at a location that is not online."))],
        ),
        ChecklistItem(
            "population",
            _("Population for about 12 groups a year"),
            started >= GROUPS_PER_YEAR,
            True,
            _("%(n)s groups started in %(year)s") % {"n": started, "year": year},
            []
            if started >= GROUPS_PER_YEAR
            else [str(_("%(n)s more groups a year") % {"n": GROUPS_PER_YEAR - started})],
        ),
        ChecklistItem(
            "trained_providers",
            _("At least 4 trained care providers"),
            len(trained) >= TRAINED_PROVIDERS,
            True,
            _("%(n)s trained") % {"n": len(trained)},
            []
            if len(trained) >= TRAINED_PROVIDERS
            else [str(_("%(n)s more trained providers") % {"n": TRAINED_PROVIDERS - len(trained)})],
        ),
        ChecklistItem(
            "coordinator",
            _("A coordinator"),
            coordinators > 0,
            True,
            _("%(n)s coordinators") % {"n": coordinators},
            [] if coordinators else [str(_("Give someone the coordinator role."))],
        ),
    ]
    for code, label in BY_HAND.items():
        tick = ticks.get(code)
        items.append(
            ChecklistItem(
                code,
                label,
                bool(tick and tick.done),
                False,
                "",
                [] if tick and tick.done else [str(_("Tick when arranged."))],
                tick.note if tick else "",
            )
        )
    missing = []
    for person in trained:
        name = f"{person.given_name} {person.family_name}"
        if person.n_intervision < INTERVISION_MEETINGS:  # type: ignore[attr-defined]
            meetings = person.n_intervision  # type: ignore[attr-defined]
            missing.append(
                str(_("%(name)s: %(n)s of 3 intervision meetings") % {"name": name, "n": meetings})
            )
        if not person.n_certified:  # type: ignore[attr-defined]
            missing.append(str(_("%(name)s: not certified yet") % {"name": name}))
    items.append(
        ChecklistItem(
            "track",
            _("Training, three intervision meetings and certification per person (about two years)"),
            bool(trained) and not missing,
            True,
            _("%(n)s trained") % {"n": len(trained)},
            missing,
        )
    )
    return items
