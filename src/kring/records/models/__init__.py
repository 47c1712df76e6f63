from kring.records.models.access import ParticipantLink
from kring.records.models.care_notes import FollowUp, PrivateNote, ProfessionalCheck, Referral
from kring.records.models.fidelity import FidelitySelfCheck
from kring.records.models.measurement import Measurement
from kring.records.models.outcomes import Birth, Outcome
from kring.records.models.pathway import CoProposal, CoProposalMember, GuestInvitation, SessionLink
from kring.records.models.photo import ParticipantPhoto
from kring.records.models.session_day import Attendance, SessionRecord

__all__ = [
    "Attendance",
    "Birth",
    "CoProposal",
    "CoProposalMember",
    "FidelitySelfCheck",
    "FollowUp",
    "GuestInvitation",
    "Measurement",
    "Outcome",
    "ParticipantLink",
    "ParticipantPhoto",
    "PrivateNote",
    "ProfessionalCheck",
    "Referral",
    "SessionLink",
    "SessionRecord",
]
