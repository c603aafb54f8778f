"""Prospect scores explained in Dutch: the reason per row, the breakdown per factor,
the weights and the help text of the page."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel.format import date, number
from radar.kernel.settings import Settings
from radar.prospects.nace import dotted
from radar.prospects.scoring import FACTORS, weights_of

LIFT_WORTH_SAYING = 1.5
"""A lift from which the reason mentions it ("code 43.211 2,0x vaker bij ...")."""
FACTOR_NAMES = ("NACE past", "lift", "nabijheid", "werkgever", "warm contact")
FACTOR_LABELS = {
    "nace": "NACE past (hoofdactiviteit 1, andere activiteit lager)",
    "lift": "lift: code vaker bij erkende werkplekken",
    "distance": "nabijheid lesplaats (tekort weegt zwaarder)",
    "employer": "werkgever (RSZ)",
    "warm": "warm contact (andere erkenning of vroeger erkend)",
}


def reason(
    *,
    code: str,
    other_code: str,
    main_match: bool,
    programme: str,
    lift: float,
    support: tuple[int, int] = (0, 0),
    near: tuple[str, float, bool] | None = None,
    best: tuple[str, float] | None = None,
    employer: bool = False,
    others: list[str] | None = None,
    former_end: pd.Timestamp | None = None,
) -> str:
    """Join the factors of one row into a Dutch sentence of '; '-separated parts.

    ``support``: (recognised establishments with this code, all recognised for the
    programme), the evidence of the lift, said with it; ``near``: the nearest
    lesplaats (name, km, has a shortage); ``best``: a farther
    lesplaats with a shortage that weighs more (name, km); ``others``: the other
    programmes it is recognised for; ``former_end``: the end of a former recognition
    for the programme.

    >>> text = reason(
    ...     code="43211", other_code="", main_match=True, programme="Elektriciteit",
    ...     lift=2.0, support=(12, 340), near=("School L", 1.04, True), best=None,
    ...     employer=True, others=["Garage"], former_end=None)
    >>> print(*text.split("; "), sep="\\n")
    hoofdactiviteit 43.211 past bij Elektriciteit
    code 43.211 2,0x vaker bij erkende werkplekken (12 van de 340 erkende vestigingen)
    1,0 km van lesplaats School L (tekort)
    werkgever (RSZ)
    al erkend voor Garage
    """
    if main_match:
        parts = [f"hoofdactiviteit {dotted(code)} past bij {programme}"]
    else:
        parts = [f"nevenactiviteit {dotted(other_code)} past bij {programme}"]
    if lift >= LIFT_WORTH_SAYING:
        times = number(lift, 1)
        evidence = (
            f" ({number(support[0])} van de {number(support[1])} erkende vestigingen)"
            if support[1]
            else ""
        )
        parts.append(
            f"code {dotted(code)} {times}x vaker bij erkende werkplekken{evidence}"
        )
    if near is not None:
        name, dist, shortage = near
        parts.append(
            f"{number(dist, 1)} km van lesplaats {name}"
            + (" (tekort)" if shortage else "")
        )
    else:
        parts.append("geen lesplaats van de opleiding in dit schooljaar")
    if best is not None:
        parts.append(f"{number(best[1], 1)} km van lesplaats {best[0]} (tekort)")
    if employer:
        parts.append("werkgever (RSZ)")
    if others:
        shown = ", ".join(others[:2])
        more = f" en {len(others) - 2} andere" if len(others) > 2 else ""
        parts.append(f"al erkend voor {shown}{more}")
    if former_end is not None:
        parts.append(f"vroeger erkend voor deze opleiding (tot {date(former_end)})")
    return "; ".join(parts)


def factor_table(row: pd.Series, settings: Settings) -> pd.DataFrame:
    """Return the score breakdown of one table row: factor, value, weight, share."""
    weights = weights_of(settings)
    values = np.array([float(row[f"f_{f}"]) for f in FACTORS])
    return pd.DataFrame(
        {
            "factor": list(FACTOR_NAMES),
            "waarde": values.round(3),
            "gewicht": weights.round(3),
            "bijdrage": (values * weights / weights.sum()).round(3),
        }
    )


def weights_frame(settings: Settings) -> pd.DataFrame:
    """Return the score weights and parameters in Dutch, for display."""
    weights = weights_of(settings)
    rows = [(FACTOR_LABELS[f], f"{w:g}") for f, w in zip(FACTORS, weights, strict=True)]
    other = settings.prospect_other_activity
    smoothing = settings.prospect_lift_smoothing
    rows += [
        ("NACE-factor als enkel een andere activiteit past", f"{other:g}"),
        ("afvlakking lift (pseudo-vestigingen)", f"{smoothing:g}"),
        ("afstandsschaal (km)", f"{settings.prospect_distance_km:g}"),
        ("gewicht lesplaats zonder tekort", f"{settings.prospect_no_shortage:g}"),
    ]
    return pd.DataFrame(rows, columns=["factor", "gewicht of waarde"])


SCORE_HELP = """\
**Kandidaten**: vestigingen in het gekozen gebied (of binnen de straal rond de
lesplaats) met een hoofd- of nevenactiviteit (NACE) die begint met een van de
NACE-codes van de opleiding, zonder de vestigingen die op de peildatum al erkend zijn
voor de opleiding.

**Score** (0-1) = gewogen gemiddelde van vijf factoren:
- *NACE*: 1 als de hoofdactiviteit past, lager als enkel een andere activiteit past;
- *lift*: hoeveel vaker de NACE-code van de hoofdactiviteit voorkomt bij vestigingen
  die erkend zijn voor de opleiding dan bij alle vestigingen, afgevlakt zodat zeldzame
  codes niet overheersen (lift 1 of minder telt 0, lift 2 telt 0,5);
- *nabijheid*: exp(-afstand / schaal) tot de lesplaatsen van de opleiding; een
  lesplaats zonder tekort aan werkplekken weegt minder;
- *werkgever*: de vestiging heeft personeel (RSZ);
- *warm contact*: al erkend voor een andere opleiding, of vroeger erkend voor deze.

Gelijke scores staan in volgorde van vestigingsnummer.
"""
