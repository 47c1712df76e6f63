"""Forms of the session day and the record. They parse input; the domain functions judge it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.organisations.models import Organisation, Room
from kring.organisations.validators import WEEKDAY_CHOICES
from kring.records.models import Attendance, FollowUp, Outcome, ParticipantLink, ProfessionalCheck, Referral
from kring.records.models.outcomes import YesNo

MAX_TEXT = 4000


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    partner_present = forms.BooleanField(required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT
    )


class ReferralForm(forms.Form):
    destination = forms.ChoiceField(label=_("Referred to"), choices=Referral.Destination.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CzCheckForm(forms.Form):
    fundal_height = forms.CharField(label=_("Fundal height (cm)"), required=False, max_length=10)
    fetal_heart_rate = forms.CharField(label=_("Fetal heart rate (/min)"), required=False, max_length=10)
    position = forms.ChoiceField(
        label=_("Position"), choices=ProfessionalCheck.Position.choices, required=False
    )
    remarks = forms.CharField(
        label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=MAX_TEXT
    )


class CoCheckForm(forms.Form):
    remarks = forms.CharField(
        label=_("Examination remarks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT,
    )
    vaccination = forms.ChoiceField(
        label=_("Vaccinations"), choices=ProfessionalCheck.Vaccination.choices, required=False
    )
    vaccination_note = forms.CharField(label=_("Which vaccinations"), required=False, max_length=200)


class BirthForm(forms.Form):
    born_on = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))
    birth_weight_g = forms.IntegerField(label=_("Birth weight (g)"), min_value=1, max_value=100_000)
    breastfeeding_started = forms.ChoiceField(
        label=_("Breastfeeding started"), choices=YesNo.choices, required=False
    )


class OutcomeForm(forms.Form):
    pain_relief_in_labour = forms.ChoiceField(
        label=_("Pain relief in labour"), choices=Outcome.PainRelief.choices, required=False
    )
    smoking_at_intake = forms.ChoiceField(label=_("Smoking at intake"), choices=YesNo.choices, required=False)
    smoking_at_36_weeks = forms.ChoiceField(
        label=_("Smoking at 36 weeks"), choices=YesNo.choices, required=False
    )
    smoking_after_birth = forms.ChoiceField(
        label=_("Smoking after birth"), choices=YesNo.choices, required=False
    )
    referred_in_pregnancy = forms.ChoiceField(
        label=_("Referred in pregnancy"), choices=YesNo.choices, required=False
    )
    satisfaction_grade = forms.IntegerField(
        label=_("Satisfaction grade (1–10)"), min_value=1, max_value=10, required=False
    )

    # Questions about pregnancy and labour: a CO (parent and baby) record does not ask them.
    PREGNANCY_ONLY = (
        "pain_relief_in_labour",
        "smoking_at_intake",
        "smoking_at_36_weeks",
        "referred_in_pregnancy",
    )

    def __init__(self, *args, programme_code: str = "CZ", **kwargs):
        super().__init__(*args, **kwargs)
        if programme_code != "CZ":
            for name in self.PREGNANCY_ONLY:
                del self.fields[name]


class LinkForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=ParticipantLink.Language.choices)
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=730, initial=365)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(choices=FollowUp.Status.choices)
    planned_for = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )


class GuestForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Session"), coerce=int)
    organisation = forms.ModelChoiceField(
        label=_("JGZ organisation"), queryset=Organisation.objects.filter(kind=Organisation.Kind.JGZ)
    )
    name = forms.CharField(label=_("Name of the JGZ nurse"), max_length=200)
    email = forms.EmailField(label=_("Email address"), required=False)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.pk, f"{s.number} – {s.date:%d-%m-%Y}") for s in sessions]


class ProposalForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("JGZ organisation that will run the CO group"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.JGZ),
    )
    agreeing = forms.TypedMultipleChoiceField(
        label=_("Members who agree"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreeing"].choices = [(c.pk, c.display_name) for c, birth in candidates if birth]


class FormGroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the CO group"), max_length=200)
    location = forms.ModelChoiceField(label=_("Location"), queryset=None)
    daypart = forms.ModelChoiceField(label=_("Daypart"), queryset=None)
    weekday = forms.ChoiceField(label=_("Weekday"), choices=WEEKDAY_CHOICES)
    lead = forms.ModelChoiceField(label=_("Lead (JGZ nurse or doctor)"), queryset=None)
    co = forms.ModelChoiceField(label=_("Co-facilitator"), queryset=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = organisation.locations.filter(is_active=True)
        self.fields["daypart"].queryset = organisation.dayparts.all()
        self.fields["lead"].queryset = organisation.people.filter(is_active=True)
        self.fields["co"].queryset = organisation.people.filter(is_active=True)


class KickoffForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(
            location__organisation=organisation, is_active=True
        )
