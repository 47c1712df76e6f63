"""The dashboard's filter form and the goal and rate forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.care.models import Group
from kring.evaluation.measures import BY_CODE, MEASURES, MeasureFilter
from kring.evaluation.models import CostRates, MeasureGoal, SatisfactionResponse
from kring.organisations.models import Location, Organisation, Person, ProgrammeCode
from kring.records import checklists

ONLINE_CHOICES = (("", _("Online and in person")), ("1", _("Online only")), ("0", _("In person only")))


class DashboardFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none(), required=False)
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"), queryset=Person.objects.none(), required=False
    )
    language = forms.ChoiceField(label=_("Language group"), required=False)
    online = forms.ChoiceField(label=_("Online or in person"), choices=ONLINE_CHOICES, required=False)

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["programme"].choices = [("", _("All programmes")), *ProgrammeCode.choices]
        self.fields["location"].queryset = Location.objects.filter(organisation=organisation)
        self.fields["location"].empty_label = _("All locations")
        self.fields["facilitator"].queryset = Person.objects.filter(organisation=organisation)
        self.fields["facilitator"].empty_label = _("All facilitators")
        languages = (
            Group.objects.filter(organisation=organisation).values_list("language", flat=True).distinct()
        )
        self.fields["language"].choices = [
            ("", _("All languages")),
            *((code, code) for code in sorted(set(languages))),
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date must come before the end date."))
        return data

    def measure_filter(self) -> MeasureFilter:
        data = self.cleaned_data
        online = data.get("online")
        return MeasureFilter(
            organisation=self.organisation,
            start=data["start"],
            end=data["end"],
            programme=data.get("programme") or None,
            location_id=data["location"].pk if data.get("location") else None,
            facilitator_id=data["facilitator"].pk if data.get("facilitator") else None,
            language=data.get("language") or None,
            online=None if online in (None, "") else online == "1",
        )


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months up to today."""
    today = today or timezone.localdate()
    return today.replace(year=today.year - 1) + dt.timedelta(days=1), today


class GoalForm(forms.ModelForm):
    measure = forms.ChoiceField(label=_("Measure"))

    class Meta:
        model = MeasureGoal
        fields = ["measure", "target", "valid_from"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.code, m.label) for m in MEASURES]

    def clean(self):
        data = super().clean()
        measure = BY_CODE.get(data.get("measure", ""))
        target = data.get("target")
        if measure is not None and target is not None:
            highest = 100 if measure.headline == "percent" else 10
            if target > highest:
                self.add_error("target", _("A goal for this measure is at most %(n)s.") % {"n": highest})
        return data


class CostRatesForm(forms.ModelForm):
    class Meta:
        model = CostRates
        fields = [
            "valid_from",
            "facilitator_hourly_rate",
            "co_facilitator_hourly_rate",
            "preparation_minutes",
            "training_cost_per_person",
            "intervision_cost_per_person",
            "years_of_use",
            "surcharge_per_woman",
            "source",
        ]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SatisfactionForm(forms.ModelForm):
    grade = forms.TypedChoiceField(
        label=_("Which grade do you give group care? (1 = very bad, 10 = excellent)"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SatisfactionResponse
        fields = [
            "grade",
            "felt_prepared",
            "learned_from_others",
            "enough_time_with_midwife",
            "would_recommend",
        ]
        widgets = {
            name: forms.RadioSelect
            for name in (
                "felt_prepared",
                "learned_from_others",
                "enough_time_with_midwife",
                "would_recommend",
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("felt_prepared", "learned_from_others", "enough_time_with_midwife", "would_recommend"):
            self.fields[name].choices = SatisfactionResponse.Agreement.choices  # no empty "------" choice


SCALE_1_TO_5 = [(n, str(n)) for n in range(1, 6)]


class StaffSurveyForm(forms.Form):
    """The 13 essential elements as usually / sometimes / rarely, and two questions 1-5."""

    def __init__(self, language: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        checklist = checklists.load()
        scale = [
            (score, checklist.scale_labels[score].get(language, str(score))) for score in checklist.scale
        ]
        for item in checklist.items:
            self.fields[item.code] = forms.TypedChoiceField(
                label=f"{item.number}. {item.text.get(language, item.text['en'])}",
                choices=scale,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields["feels_supported"] = forms.TypedChoiceField(
            label=_("I feel supported by my organisation (1 = not at all, 5 = fully)"),
            choices=SCALE_1_TO_5,
            coerce=int,
            widget=forms.RadioSelect,
        )
        self.fields["enough_time"] = forms.TypedChoiceField(
            label=_("I have enough time for group care (1 = not at all, 5 = fully)"),
            choices=SCALE_1_TO_5,
            coerce=int,
            widget=forms.RadioSelect,
        )
        self.codes = [item.code for item in checklist.items]


class ChecklistTickForm(forms.Form):
    item = forms.CharField(max_length=40)
    done = forms.BooleanField(required=False)
    note = forms.CharField(max_length=300, required=False)
