"""FHIR R4 resources following the Dutch nl-core profiles, built from plain data (no Django).

`model` holds the dataclasses a thin Django layer (kring.transfer.fhir_data) fills;
`resources` turns each into a FHIR resource as a JSON-ready dict; `bundle` puts them in a
Bundle (one client's record) or NDJSON lines per resource type (bulk export).
"""

from kring.interop.fhir.bundle import collection_bundle, ndjson_lines
from kring.interop.fhir.model import (
    AppointmentData,
    AttendanceData,
    CareTeamData,
    ClientData,
    GroupData,
    MeasurementData,
    OrganisationData,
    PersonData,
    RoomData,
)

__all__ = [
    "AppointmentData",
    "AttendanceData",
    "CareTeamData",
    "ClientData",
    "GroupData",
    "MeasurementData",
    "OrganisationData",
    "PersonData",
    "RoomData",
    "collection_bundle",
    "ndjson_lines",
]
