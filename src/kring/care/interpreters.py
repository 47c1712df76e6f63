"""The interpreter as co-facilitator of a language group (SPEC rule 11, issue 13).

In a group whose language the lead does not speak, the co-facilitator interprets. The seeds ask
that she then speaks the group's language and has completed the Centering training for the
programme, so she can also fill the co-facilitator's role. The planning core only knows rule 11
(languages); the training is checked here, on the database side:

- `co_languages` trims what the planner is told, so it never chooses an untrained interpreter;
- `interpreter_problem` gives the edit checks a clear reason when a coordinator picks one by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from kring.care.languages import language_name
from kring.organisations.models import Person

WORKING_LANGUAGE = "nl"


def trained_programmes(person: Person, on: dt.date) -> set[str]:
    """Programmes (codes) whose Centering training `person` completed on or before `on`.
    Uses `person.trainings.all()`, so a prefetch serves it."""
    return {t.programme for t in person.trainings.all() if t.trained_on <= on}


def co_languages(
    languages: list[str], can_lead: Iterable[str], can_co: Iterable[str], trained: set[str]
) -> tuple[list[str], list[str]]:
    """(languages, can_co) to tell the planner, so that it never offers an untrained interpreter.

    Under rule 11 a co interprets only when she speaks the group's language, the lead does not,
    and the two share another language: someone the planner knows with ONE language can never
    interpret. So a person who only co-facilitates and is trained for none of her co programmes
    keeps one language (Dutch if she speaks it): she stays available as co wherever the lead
    speaks the group's language. When that trim would also change what she may lead, or she is
    trained for some co programmes but not others, the languages stay and she is simply not
    offered as co for the programmes she is untrained for. Someone with one language is unchanged.
    """
    can_co = list(can_co)
    untrained = [p for p in can_co if p not in trained]
    if len(languages) <= 1 or not untrained:
        return languages, can_co
    if len(untrained) == len(can_co) and not list(can_lead):
        keep = WORKING_LANGUAGE if WORKING_LANGUAGE in languages else languages[0]
        return [keep], can_co
    return languages, [p for p in can_co if p in trained]


def spoken(person: Person) -> list[str]:
    """Her languages; Dutch when none are entered, as the planner's instance assumes."""
    return list(person.languages or []) or [WORKING_LANGUAGE]


def interprets(lead: Person, co: Person, language: str) -> bool:
    """True when `co` must interpret: the lead does not speak the group's language."""
    return language not in spoken(lead)


def interpreter_problem(lead: Person, co: Person, language: str, programme: str, on: dt.date) -> str | None:
    """Why `co` cannot be the interpreting co-facilitator of a `language` group, in the user's
    language; None when she can, or when the lead speaks the language (no interpreter needed)."""
    if not interprets(lead, co, language):
        return None
    values = {"co": str(co), "language": language_name(language), "lead": str(lead)}
    if language not in (co.languages or []):
        return (
            _(
                "%(lead)s does not speak %(language)s and neither does co-facilitator %(co)s: "
                "nobody can interpret for this group."
            )
            % values
        )
    if programme not in trained_programmes(co, on):
        return (
            _(
                "%(co)s would interpret %(language)s but has not completed the Centering training "
                "for this programme. An interpreter must be trained as co-facilitator."
            )
            % values
        )
    return None


def interpreter_of(lead: Person, co: Person, language: str) -> tuple[Person, str] | None:
    """(the co, the language's name) when the co interprets for this group; else None."""
    if interprets(lead, co, language) and language in spoken(co):
        return co, language_name(language)
    return None
