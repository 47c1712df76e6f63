from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.organisations.models import Absence, Person
from kring.planner.models import PlanningRun


class StartForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[
            (PlanningRun.Method.CPSAT, _("Thorough: look for the best plan (about half a minute)")),
            (PlanningRun.Method.GREEDY, _("Quick: a simple plan in a few seconds")),
        ],
        initial=PlanningRun.Method.CPSAT,
    )


class MoveSessionForm(forms.Form):
    group = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    room = forms.ChoiceField(label=_("Room"))
    daypart = forms.ChoiceField(
        label=_("Time of the group"),
        required=False,  # left out: the group keeps its time
        help_text=_("A group always meets at the same time of day: this moves all its coming sessions."),
    )
    pin = forms.BooleanField(label=_("Pin this choice"), required=False, initial=True)

    def __init__(self, *args, rooms=(), dayparts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = list(rooms)
        self.fields["daypart"].choices = list(dayparts)


class FacilitatorsForm(forms.Form):
    group = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    lead = forms.ChoiceField(label=_("Lead"))
    co = forms.ChoiceField(label=_("Co-facilitator"))
    pin = forms.BooleanField(label=_("Pin this choice"), required=False, initial=True)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = list(people)
        self.fields["co"].choices = list(people)

    def clean(self):
        data = super().clean()
        if data.get("lead") and data.get("lead") == data.get("co"):
            raise forms.ValidationError(_("The co-facilitator must be someone other than the lead."))
        return data


class MoveClientForm(forms.Form):
    client = forms.CharField(widget=forms.HiddenInput)
    to_group = forms.ChoiceField(label=_("Group"), required=False)
    pin = forms.BooleanField(label=_("Pin this choice"), required=False, initial=True)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_group"].choices = [("", _("No group (unplaced)")), *groups]


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["person", "first_day", "last_day", "reason"]
        widgets = {
            "first_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(organisation=organisation, is_active=True)
