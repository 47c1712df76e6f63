from kring.organisations.models.organisation import ClosedDate, Daypart, Organisation, ProgrammeCode
from kring.organisations.models.people import Absence, IntervisionMeeting, Person, Role, Training
from kring.organisations.models.places import Location, Room, RoomClosure

__all__ = [
    "Absence",
    "ClosedDate",
    "Daypart",
    "IntervisionMeeting",
    "Location",
    "Organisation",
    "Person",
    "ProgrammeCode",
    "Role",
    "Room",
    "RoomClosure",
    "Training",
]
