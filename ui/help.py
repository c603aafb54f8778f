"""Short Dutch help for the controls and metrics, and the Begrippen glossary.

``text(key)`` gives the help of a widget by its key (``sd.level``), falling back on
the key's last part (``as_of`` for every page's date picker, ``programme``, ``sector``);
the helpers in ``ui/controls.py`` pass it as ``help=`` when a page gives none.
``metric(name)`` gives the help of a metric (``ratio``, ``accessibility``...), for
``st.metric(..., help=...)`` and column headers. ``glossary()`` is the Begrippen page
(``views/begrippen.py``); README.md's "Begrippen" section lists the same terms.

Texts are templates over the model's parameters (``{catchment_km}``,
``{shortage_tau}``), filled in from the ``Settings`` in use with Dutch numbers, so the
help never states a parameter that the computation does not use.
"""

from __future__ import annotations

from dataclasses import fields

import h3
import numpy as np

from radar.kernel.format import number
from radar.kernel.regions import REGIONS
from radar.kernel.settings import Settings
from radar.supply_demand.catchment import decay
from ui.glossary import FORMULAS, TERMS

AREA = "Het gebied waarin gezocht wordt."

HELP: dict[str, str] = {
    # Every page: the date, the programme picker.
    "as_of": (
        "De dag waarop geteld wordt: erkenningen die op die dag geldig zijn, "
        "lesplaatsen en leerlingen van het schooljaar waarin die dag valt."
    ),
    "sector": (
        "Toon enkel de opleidingen van één sectoraal partnerschap (de sector die de "
        "opleiding opvolgt)."
    ),
    "programme": (
        "De opleiding duaal leren. Typ een deel van de naam of de code om te zoeken."
    ),
    # Vraag & aanbod
    "sd.level": (
        "Hoe de kaart het gebied indeelt: in hexagonen (zeshoeken van gemiddeld "
        "{hex_area} km², H3-resolutie {hex_res}) of per gemeente, arrondissement, "
        "provincie of Resoc."
    ),
    "sd.metric": (
        "Wat de kleur toont. Bereikbaarheid (E2SFCA): werkplekken per leerling die "
        "een plek kan verwachten binnen {catchment_km} km, met afstand en "
        "concurrerende lesplaatsen meegerekend. Verhouding: erkende werkplekken "
        "gedeeld door leerlingen in het gebied. Aanbod: erkende werkplekken. "
        "Vraag: leerlingen."
    ),
    "sd.related": (
        "Tel ook werkplekken mee die erkend zijn voor een verwante opleiding "
        "(zelfde cluster en minstens één gemeenschappelijke NACE-activiteit), aan "
        "het gewicht hiernaast."
    ),
    "sd.weight": (
        "Hoeveel een werkplek van een verwante opleiding meetelt: 0 is niet, 1 is als "
        "een volwaardige werkplek. Standaard {related_weight}."
    ),
    "sd.active": (
        "Tel enkel erkende werkplekken die op de peildatum minstens één leerling "
        "hebben. Uit: alle erkende werkplekken (de meeste hebben in een bepaald jaar "
        "geen leerling)."
    ),
    "sd.location": (
        "Een lesplaats voor haar leerlingen, concurrenten, bereikbaarheid en "
        "straalcurve. Klikken op een lesplaats op de kaart kiest haar ook."
    ),
    # Prospectie
    "prospects.level": (
        "Waar gezocht wordt: in een provincie, arrondissement, Resoc of gemeente, of "
        "binnen een straal rond een lesplaats van de opleiding."
    ),
    "prospects.location": "De lesplaats waarrond gezocht wordt.",
    **{f"prospects.{lvl.slug}": AREA for lvl in REGIONS},
    "prospects.radius": (
        "Zoekstraal in km (in vogelvlucht) rond de gekozen lesplaats. Standaard "
        "{prospect_radius_km} km."
    ),
    "prospects.main_only": (
        "Enkel vestigingen waarvan de hoofdactiviteit (NACE) bij de opleiding past. "
        "Uit: ook vestigingen waarbij alleen een nevenactiviteit past."
    ),
    "prospects.employers": (
        "Enkel vestigingen met personeel (werkgever volgens de RSZ)."
    ),
    "prospects.warm": (
        "Warme contacten: vestigingen die al erkend zijn voor een andere opleiding, "
        "of vroeger erkend waren voor deze. Uit: die vestigingen worden weggelaten."
    ),
    "prospects.top": (
        "Hoeveel vestigingen de lijst, de kaart en de export tonen, de best "
        "scorende eerst. Standaard {prospect_top_n}."
    ),
    # Wat als
    "scenario.level": (
        "De gebieden waarvoor verhouding en klasse voor en na getoond worden."
    ),
    "scenario.related": (
        "Tel ook werkplekken van verwante opleidingen mee, elk voor "
        "{related_weight} werkplek."
    ),
    "scenario.view": (
        "Alle lesplaatsen voor en na, de gebieden die veranderen, of de beste "
        "gemeenten voor een nieuwe lesplaats of nieuwe werkplekken."
    ),
    "scenario.best.kind": (
        "Zoek een gemeente voor een nieuwe lesplaats (waar leerlingen het meest "
        "werkplekken winnen) of voor nieuwe werkplekken (waar ze het meeste tekort "
        "wegwerken)."
    ),
    "scenario.best.les": "Aantal leerlingen van de nieuwe lesplaats.",
    "scenario.best.plek": "Aantal nieuwe erkende werkplekken.",
    "scenario.kind": (
        "Wat het scenario verandert: een nieuwe lesplaats, een lesplaats die sluit of "
        "andere leerlingen krijgt, nieuwe werkplekken, de beste prospecten erkend, of "
        "erkenningen die niet verlengd worden. De gegevens zelf veranderen niet."
    ),
    "where": (
        "Op het punt van een gemeente, verspreid over een gebied volgens de "
        "bevolking, of op een punt dat u zelf opgeeft (breedte- en lengtegraad)."
    ),
    "scenario.les.gemeente": "De gemeente; typ een deel van de naam om te zoeken.",
    "scenario.les.n": "Aantal leerlingen van de nieuwe lesplaats.",
    "scenario.plek.n": "Aantal nieuwe erkende werkplekken.",
    "scenario.best.pick": "Een gemeente uit de lijst, om als wijziging toe te voegen.",
    # Data
    "data.source": (
        "Welke bron u inleest: het ondernemingsregister (KBO), het aanbod "
        "(lesplaatsen), de leerlingen of de erkenningen."
    ),
    "data.audit.events": "Toon enkel deze soorten gebeurtenissen (leeg: alle).",
    "data.audit.actor": "Een deel van de naam of de sleutel van de gebruiker.",
    "data.audit.span": "Eén dag, of een begin- en einddatum.",
    # Tabellen
    "tables.kind": (
        "Erkenningen en unieke erkende vestigingen; erkenningen die binnenkort "
        "vervallen; of lesplaatsen en leerlingen van het schooljaar."
    ),
    "tables.by": (
        "De rijen van de tabel: per gebied, sectoraal partnerschap of opleiding."
    ),
    "tables.cross": (
        "Een tweede indeling als kolommen (bv. sectoraal partnerschap x provincie), "
        "met rij- en kolomtotalen."
    ),
    "tables.compare_on": (
        "Zet de cijfers naast die van een andere datum, met het verschil en het "
        "verschil in procent."
    ),
    "tables.compare": "De datum waarmee vergeleken wordt (standaard een jaar eerder).",
    "tables.months": (
        "Erkenningen die op de peildatum geldig zijn en binnen zoveel maanden "
        "vervallen. Standaard {expiring_months}."
    ),
    "tables.suppress": (
        "Aantallen van 1 tot K-1 worden <K, ook totalen; extra cellen (x) verbergen "
        "zodat geen klein aantal terug te rekenen is."
    ),
    "tables.k": (
        "De drempel K: aantallen kleiner dan K worden afgeschermd. Standaard "
        "{suppress_k}."
    ),
    "prospects.hide_closed": (
        "Verberg de prospecten met status 'geen interesse' of 'erkend'."
    ),
}
"""Help per widget key (or a key's last part); templates over ``values()``."""

METRICS: dict[str, str] = {
    "supply": (
        "Vestigingen die op de peildatum erkend zijn voor de opleiding; met verwante "
        "opleidingen telt elke verwante erkenning voor het gewicht."
    ),
    "demand": (
        "Leerlingen van de opleiding op de lesplaatsen, in het schooljaar van de "
        "peildatum."
    ),
    "ratio": (
        "Erkende werkplekken gedeeld door leerlingen. Onder {ratio_tekort} is tekort, "
        "onder {ratio_krap} krap, onder {ratio_ruim} voldoende, daarboven ruim."
    ),
    "accessibility": (
        "E2SFCA: werkplekken per leerling die een lesplaats kan verwachten binnen "
        "{catchment_km} km, met afstand en concurrerende lesplaatsen meegerekend."
    ),
    "tekortstraal": (
        "De kleinste straal rond een lesplaats waarbinnen er minstens {shortage_tau} "
        "werkplek per leerling is, de leerlingen van andere lesplaatsen binnen die "
        "straal meegeteld."
    ),
    "shortage_locations": (
        "Lesplaatsen waarvan de tekortstraal groter is dan {catchment_km} km of "
        "binnen {shortage_max_km} km niet bereikt wordt."
    ),
    "unique_establishments": (
        "Verschillende vestigingen (vestigingsnummers) met minstens één geldige "
        "erkenning: een vestiging erkend voor drie opleidingen telt één keer."
    ),
    "recognitions": (
        "Erkenningen die op de peildatum geldig zijn (één per vestiging en opleiding)."
    ),
    "score": (
        "Gewogen gemiddelde van vijf factoren tussen 0 en 1: NACE "
        "({prospect_weight_nace}), lift ({prospect_weight_lift}), nabijheid "
        "({prospect_weight_distance}), werkgever ({prospect_weight_employer}) en "
        "warm contact ({prospect_weight_warm})."
    ),
    "lift": (
        "Hoeveel vaker de NACE-code voorkomt bij vestigingen die al erkend zijn "
        "voor de opleiding dan bij alle vestigingen."
    ),
}
"""Help per metric; templates over ``values()``."""


def values(settings: Settings | None = None) -> dict[str, str]:
    """Every parameter of ``settings`` as Dutch text (``catchment_km`` -> ``25``),
    plus derived ones (``hex_area``, the average hexagon area in km²).

    >>> v = values(Settings())
    >>> v["catchment_km"], v["related_weight"], v["prospect_weight_nace"]
    ('25', '0,5', '0,3')
    """
    settings = settings or Settings()
    out = {}
    for f in fields(settings):
        x = getattr(settings, f.name)
        digits = 0 if float(x).is_integer() else 1 if round(x, 1) == x else 2
        out[f.name] = number(x, digits)
    out["hex_area"] = number(h3.average_hexagon_area(settings.hex_res, unit="km^2"), 1)
    half = settings.catchment_km / 2
    out["half_catchment"] = number(half, 0 if half.is_integer() else 1)
    weight = float(decay(np.array([half]), settings.catchment_km)[0])
    out["weight_at_half"] = number(100 * weight, 0)
    return out


def _fill(template: str, settings: Settings | None) -> str:
    return template.format_map(values(settings))


def text(key: str, settings: Settings | None = None) -> str | None:
    """The help of the widget ``key``: its own, else that of its last part.

    >>> text("sd.weight").endswith("Standaard 0,5.")
    True
    >>> text("overview.as_of") == text("tables.as_of"), text("nergens.iets")
    (True, None)
    """
    template = HELP.get(key) or HELP.get(key.rsplit(".", 1)[-1])
    return _fill(template, settings) if template else None


def metric(name: str, settings: Settings | None = None) -> str:
    """The help of the metric ``name`` (a key of ``METRICS``).

    >>> metric("ratio").startswith("Erkende werkplekken gedeeld door leerlingen.")
    True
    """
    return _fill(METRICS[name], settings)


def glossary(
    settings: Settings | None = None,
) -> list[tuple[str, str, str, str | None]]:
    """The Begrippen: (group, term, explanation, formula or None), with the
    parameters in use.

    >>> [t for t in glossary() if t[1] == "Tau"][0][2]
    'Het aantal werkplekken dat per leerling nodig is voor de tekortstraal; nu 1.'
    """
    return [
        (
            group,
            term,
            _fill(body, settings),
            _fill(FORMULAS[term], settings) if term in FORMULAS else None,
        )
        for group, term, body in TERMS
    ]
