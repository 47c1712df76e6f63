"""People of the organisation: who they are, their roles, and when they can work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.organisations.access import get_person_for_user, people_for_user
from kring.organisations.models import Location, Person, Role
from kring.web.forms.availability import AvailabilityForm
from kring.web.forms.people import AbsenceForm, PersonForm
from kring.web.membership import member_required


def _people(request):
    return people_for_user(request.user, request.membership.organisation)


@member_required
def person_list(request):
    people = (
        _people(request)
        .prefetch_related("roles", Prefetch("locations", queryset=Location.objects.order_by("name")))
        .order_by("-is_active", "family_name", "given_name", "pk")
    )
    role = request.GET.get("role", "")
    if role in Role.Kind.values:
        people = people.filter(roles__role=role)
    context = {"section": "people", "people": people, "role": role, "role_choices": Role.Kind.choices}
    return TemplateResponse(request, "kring/people/list.html", context)


@member_required
def person_detail(request, pk: int):
    person = get_person_for_user(request.user, pk, request.membership.organisation)
    organisation = request.membership.organisation
    context = {
        "section": "people",
        "person": person,
        "roles": person.roles.all(),
        "locations": person.locations.order_by("name"),
        "trainings": person.trainings.all(),
        "absences": person.absences.filter(last_day__gte=timezone.localdate()),
        "absence_form": AbsenceForm(person=person) if _may_plan_for(request, person) else None,
        "grid": AvailabilityForm(
            dayparts=organisation.dayparts.order_by("start"), availability=person.availability
        ),
    }
    return TemplateResponse(request, "kring/people/detail.html", context)


@member_required(manage=True)
def person_create(request):
    organisation = request.membership.organisation
    form = PersonForm(request.POST or None, organisation=organisation, editor=request.membership.person)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("%(name)s is added. Now set when they are available.") % {"name": person})
        return redirect("web:person_availability", pk=person.pk)
    return TemplateResponse(
        request, "kring/people/form.html", {"section": "people", "form": form, "person": None}
    )


@member_required(manage=True)
def person_edit(request, pk: int):
    organisation = request.membership.organisation
    person = get_person_for_user(request.user, pk, organisation)
    form = PersonForm(
        request.POST or None, instance=person, organisation=organisation, editor=request.membership.person
    )
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("The changes to %(name)s are saved.") % {"name": person})
        return redirect("web:person_detail", pk=person.pk)
    return TemplateResponse(
        request, "kring/people/form.html", {"section": "people", "form": form, "person": person}
    )


def _may_plan_for(request, person: Person) -> bool:
    """The coordinator sets anyone's availability and absences; a person their own."""
    own = request.membership.person is not None and request.membership.person.pk == person.pk
    return request.membership.can_manage or own


@member_required
def person_availability(request, pk: int):
    """The coordinator sets anyone's weekly availability; a facilitator may set their own."""
    organisation = request.membership.organisation
    person: Person = get_person_for_user(request.user, pk, organisation)
    if not _may_plan_for(request, person):
        raise PermissionDenied
    form = AvailabilityForm(
        request.POST or None,
        dayparts=organisation.dayparts.order_by("start"),
        availability=person.availability,
    )
    if request.method == "POST" and form.is_valid():
        person.availability = form.availability()
        person.save(update_fields=["availability"])
        messages.success(request, _("The availability of %(name)s is saved.") % {"name": person})
        return redirect("web:person_detail", pk=person.pk)
    context = {"section": "people", "form": form, "person": person, "subject": person}
    return TemplateResponse(request, "kring/people/availability.html", context)


@require_POST
@member_required
def absence_add(request, pk: int):
    person = get_person_for_user(request.user, pk, request.membership.organisation)
    if not _may_plan_for(request, person):
        raise PermissionDenied
    form = AbsenceForm(request.POST, person=person)
    if form.is_valid():
        absence = form.save()
        messages.success(
            request,
            _("Absence from %(first)s to %(last)s is saved.")
            % {"first": f"{absence.first_day:%d-%m-%Y}", "last": f"{absence.last_day:%d-%m-%Y}"},
        )
        return redirect("web:person_detail", pk=person.pk)
    context = {
        "section": "people",
        "person": person,
        "roles": person.roles.all(),
        "locations": person.locations.order_by("name"),
        "trainings": person.trainings.all(),
        "absences": person.absences.filter(last_day__gte=timezone.localdate()),
        "absence_form": form,
        "grid": AvailabilityForm(
            dayparts=request.membership.organisation.dayparts.order_by("start"),
            availability=person.availability,
        ),
    }
    return TemplateResponse(request, "kring/people/detail.html", context)


@require_POST
@member_required
def absence_delete(request, pk: int, absence_pk: int):
    person = get_person_for_user(request.user, pk, request.membership.organisation)
    if not _may_plan_for(request, person):
        raise PermissionDenied
    absence = get_object_or_404(person.absences, pk=absence_pk)
    absence.delete()
    messages.success(request, _("The absence is removed."))
    return redirect("web:person_detail", pk=person.pk)
