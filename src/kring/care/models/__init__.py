from kring.care.models.client import Client, LocationPreference
from kring.care.models.group import Enrolment, Group, Session
from kring.care.models.programme import Programme, ProgrammeSession

__all__ = [
    "Client",
    "Enrolment",
    "Group",
    "LocationPreference",
    "Programme",
    "ProgrammeSession",
    "Session",
]
