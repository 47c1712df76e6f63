"""Locations and rooms: where groups meet."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from kring.organisations.access import get_location_for_user, get_room_for_user, locations_for_user
from kring.organisations.models import Room
from kring.web.forms.availability import AvailabilityForm
from kring.web.forms.places import LocationForm, RoomForm
from kring.web.membership import member_required


@member_required
def location_list(request):
    locations = (
        locations_for_user(request.user, request.membership.organisation)
        .prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by("name")))
        .annotate(active_rooms=Count("rooms", filter=Q(rooms__is_active=True)))
        .order_by("-is_active", "name", "pk")
    )
    return TemplateResponse(request, "kring/places/list.html", {"section": "places", "locations": locations})


@member_required
def location_detail(request, pk: int):
    organisation = request.membership.organisation
    location = get_location_for_user(request.user, pk, organisation)
    dayparts = list(organisation.dayparts.order_by("start"))
    rooms = [
        (room, AvailabilityForm(dayparts=dayparts, availability=room.availability))
        for room in location.rooms.order_by("name")
    ]
    context = {"section": "places", "location": location, "rooms": rooms}
    return TemplateResponse(request, "kring/places/detail.html", context)


@member_required(manage=True)
def location_create(request):
    form = LocationForm(request.POST or None, organisation=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        location = form.save()
        messages.success(request, _("%(name)s is added. Now add its rooms.") % {"name": location.name})
        return redirect("web:location_detail", pk=location.pk)
    return TemplateResponse(request, "kring/places/location_form.html", {"section": "places", "form": form})


@member_required(manage=True)
def location_edit(request, pk: int):
    organisation = request.membership.organisation
    location = get_location_for_user(request.user, pk, organisation)
    form = LocationForm(request.POST or None, instance=location, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        location = form.save()
        messages.success(request, _("The changes to %(name)s are saved.") % {"name": location.name})
        return redirect("web:location_detail", pk=location.pk)
    context = {"section": "places", "form": form, "location": location}
    return TemplateResponse(request, "kring/places/location_form.html", context)


def _room_form_view(request, location, room: Room | None):
    organisation = request.membership.organisation
    data = request.POST or None
    form = RoomForm(data, instance=room, location=location)
    grid = AvailabilityForm(
        data,
        prefix="availability",
        dayparts=organisation.dayparts.order_by("start"),
        availability=room.availability if room is not None else None,
        allow_always=True,
    )
    if request.method == "POST" and form.is_valid() and grid.is_valid():
        saved = form.save(commit=False)
        saved.availability = grid.availability()
        saved.save()
        messages.success(request, _("Room %(name)s is saved.") % {"name": saved.name})
        return redirect("web:location_detail", pk=location.pk)
    context = {"section": "places", "form": form, "grid": grid, "location": location, "room": room}
    return TemplateResponse(request, "kring/places/room_form.html", context)


@member_required(manage=True)
def room_create(request, pk: int):
    location = get_location_for_user(request.user, pk, request.membership.organisation)
    return _room_form_view(request, location, None)


@member_required(manage=True)
def room_edit(request, pk: int):
    room = get_room_for_user(request.user, pk, request.membership.organisation)
    return _room_form_view(request, room.location, room)
