"""Dutch name parts for nl-core HumanName: "van der Berg" is the prefix "van der" and the own
name "Berg" (the extensions humanname-own-prefix and humanname-own-name on `family`)."""

from __future__ import annotations

OWN_PREFIX_URL = "http://hl7.org/fhir/StructureDefinition/humanname-own-prefix"
OWN_NAME_URL = "http://hl7.org/fhir/StructureDefinition/humanname-own-name"

# Voorvoegsels, longest first so "van der" wins over "van" (a selection of the common ones).
_PREFIXES = sorted(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "in",
        "op",
        "uit",
        "'t",
        "d'",
        "van de",
        "van der",
        "van den",
        "van het",
        "van 't",
        "in de",
        "in het",
        "in 't",
        "op de",
        "op den",
        "op het",
        "op 't",
        "uit de",
        "uit den",
        "uit het",
        "van de la",
        "de la",
        "du",
        "la",
        "le",
        "von",
        "von der",
        "vander",
        "vanden",
    },
    key=lambda prefix: -len(prefix),
)


def split_family_name(family_name: str) -> tuple[str, str]:
    """(prefix, own name); the prefix is "" when the name has none or is only a prefix."""
    name = " ".join(family_name.split())
    lowered = name.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            return name[: len(prefix)], name[len(prefix) + 1 :]
    return "", name


def human_name(given_name: str, family_name: str, *, use: str = "official") -> dict:
    """An nl-core HumanName: the full family name with its parts as extensions."""
    prefix, own = split_family_name(family_name)
    family_extensions = [{"url": OWN_NAME_URL, "valueString": own}] if own else []
    if prefix:
        family_extensions.insert(0, {"url": OWN_PREFIX_URL, "valueString": prefix})
    name: dict = {"use": use}
    if family_name:
        name["family"] = " ".join(family_name.split())
        if family_extensions:
            name["_family"] = {"extension": family_extensions}
    if given_name:
        name["given"] = given_name.split()
    name["text"] = " ".join(part for part in (given_name, family_name) if part)
    return name
