"""Prospect lists: the ranked table with a reason per row, and its exports.

``rank_prospects`` runs one query on a ``ProspectIndex`` (see ``radar.scoring`` for the
score) and returns the top rows with their reason in Dutch, the lesplaatsen of the
programme and the establishments already recognised for it in the area.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.export import neutralise
from radar.kernel.format import date, km, number
from radar.kernel.geo import haversine_km, within_km
from radar.kernel.load import Dataset
from radar.kernel.regions import PROVINCE, region_names, region_of
from radar.kernel.settings import Settings
from radar.policy.report import source_lines
from radar.prospects.nace import describe, dotted
from radar.prospects.scoring import (
    FACTORS,
    NEAR,
    Area,
    ProspectIndex,
    Scored,
    active_mask,
    area_mask,
    match_codes,
    programme_prefixes,
    score_candidates,
    weights_of,
)
from radar.supply_demand.metrics import (
    IS_SHORTAGE,
    SHORTAGE_RADIUS,
    location_metrics,
    programme_demand,
    programme_supply,
)

RANK = "rank"
SCORE = "score"
REASON = "reason"
DISTANCE_KM = "distance_km"
MUNICIPALITY = "municipality"
NACE_DESCRIPTION = "nace_description"
LESPLAATS = "nearest_lesplaats"
IS_WARM = "is_warm"
EXPORT_COLUMNS = [
    RANK,
    s.ESTABLISHMENT_NUMBER,
    s.ENTERPRISE_NUMBER,
    s.NAME,
    s.ADDRESS,
    s.NIS,
    MUNICIPALITY,
    s.NACE_MAIN,
    NACE_DESCRIPTION,
    SCORE,
    REASON,
    DISTANCE_KM,
    LESPLAATS,
    s.IS_EMPLOYER,
    IS_WARM,
]


@dataclass(frozen=True)
class ProspectResult:
    """One prospect list: the ranked rows and what the map needs around them."""

    table: pd.DataFrame  # EXPORT_COLUMNS, then lat, lng and one column per factor
    n_candidates: int
    recognised: pd.DataFrame  # recognised for P in the area: name, lat, lng
    locations: pd.DataFrame  # lesplaatsen of P: id, school_name, lat, lng, ...
    programme_name: str
    area_label: str


def programme_locations(
    ds: Dataset, programme_id: str, as_of: pd.Timestamp, settings: Settings
) -> pd.DataFrame:
    """Return the lesplaatsen of P in the date's school year with ``is_shortage``.

    Columns: id, school_name, provider_type, nis, lat, lng, learners,
    tekortstraal_km, is_shortage (see ``radar.supply_demand.location_metrics``).
    """
    supply = programme_supply(ds.recognitions, ds.programmes, programme_id, as_of)
    demand = programme_demand(ds.offerings, programme_id, as_of)
    metrics = location_metrics(
        supply,
        demand,
        radius_km=settings.catchment_km,
        tau=settings.shortage_tau,
        r_max_km=settings.shortage_max_km,
    )
    cols = ["id", s.SCHOOL_NAME, s.PROVIDER_TYPE, s.NIS, s.LAT, s.LNG, s.LEARNERS]
    return metrics[[*cols, SHORTAGE_RADIUS, IS_SHORTAGE]].reset_index(drop=True)


def location_point(ds: Dataset, location_id: str) -> tuple[float, float, str]:
    """Return (lat, lng, school name) of a lesplaats; ``DataError`` if unknown."""
    rows = ds.offerings.loc[ds.offerings[s.LOCATION_ID] == location_id]
    if rows.empty:
        raise DataError(f"onbekende lesplaats {location_id!r}")
    row = rows.iloc[-1]
    return float(row[s.LAT]), float(row[s.LNG]), str(row[s.SCHOOL_NAME])


def area_label(ds: Dataset, area: Area) -> str:
    """Describe an area in Dutch: "Provincie Antwerpen", "15 km rond <lesplaats>"."""
    if area.level == NEAR:
        _, _, name = location_point(ds, area.code)
        return f"{km(area.radius_km)} rond lesplaats {name}"
    lvl = region_of(area.level)
    region = region_names(ds.municipalities, lvl).get(area.code)
    if region is None:
        raise DataError(f"onbekend gebied {area.level}:{area.code}")
    if lvl is PROVINCE and region.startswith("Brussel"):
        return region
    return f"{lvl.noun} {region}"


def short_name(name: str) -> str:
    """Drop the " duaal" suffix of a programme name.

    >>> short_name("Elektrotechnieken duaal")
    'Elektrotechnieken'
    """
    return name.removesuffix(" duaal")


def _names(ds: Dataset) -> dict[str, str]:
    return dict(
        zip(
            ds.programmes[s.PROGRAMME_ID],
            ds.programmes[s.NAME].map(short_name),
            strict=True,
        )
    )


def _warm_details(
    index: ProspectIndex, programme_id: str, as_of: pd.Timestamp, pos: np.ndarray
) -> tuple[dict[int, list[str]], dict[int, pd.Timestamp]]:
    """For the given positions: other programmes recognised on d, last end for P."""
    here = np.isin(index.rec_pos, pos)
    active = active_mask(index, as_of)
    is_p = index.rec_prog == index.prog_code.get(programme_id, -2)
    other: dict[int, list[str]] = {}
    for p, prog in zip(
        index.rec_pos[here & active & ~is_p],
        index.rec_programme[here & active & ~is_p],
        strict=True,
    ):
        other.setdefault(int(p), []).append(str(prog))
    d = pd.Timestamp(as_of).as_unit("ns").value
    former: dict[int, pd.Timestamp] = {}
    ended = here & is_p & (index.rec_to <= d)
    for p, end in zip(index.rec_pos[ended], index.rec_to[ended], strict=True):
        stamp = pd.Timestamp(int(end))
        if int(p) not in former or stamp > former[int(p)]:
            former[int(p)] = stamp
    return other, former


def _reason(
    *,
    code: str,
    other_code: str,
    main_match: bool,
    programme: str,
    lift: float,
    near: tuple[str, float, bool] | None,
    best: tuple[str, float] | None,
    employer: bool,
    others: list[str],
    former_end: pd.Timestamp | None,
) -> str:
    """Join the factors of one row into a Dutch sentence of '; '-separated parts."""
    if main_match:
        parts = [f"hoofdactiviteit {dotted(code)} past bij {programme}"]
    else:
        parts = [f"nevenactiviteit {dotted(other_code)} past bij {programme}"]
    if lift >= 1.5:
        times = number(lift, 1)
        parts.append(f"code {dotted(code)} {times}x vaker bij erkende werkplekken")
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


def _recognised_frame(
    index: ProspectIndex,
    scored: Scored,
    area: Area,
    centre: tuple[float, float] | None,
) -> pd.DataFrame:
    """The establishments recognised for P that lie in the area (for the map)."""
    pos = scored.recognised
    if area.level == NEAR and centre is not None:
        keep, _ = within_km(
            index.lat[pos], index.lng[pos], centre[0], centre[1], area.radius_km
        )
    else:
        keep = area_mask(index, area, pos)
    pos = pos[keep]
    rows = index.rows.select([s.ESTABLISHMENT_NUMBER, s.NAME, s.ADDRESS])
    out = rows.take(pa.array(pos, pa.int64())).to_pandas()
    out[s.LAT] = index.lat[pos]
    out[s.LNG] = index.lng[pos]
    return out


def rank_prospects(
    index: ProspectIndex,
    programme_id: str,
    as_of: pd.Timestamp,
    area: Area,
    settings: Settings,
    *,
    top_n: int | None = None,
    main_only: bool = False,
    employers_only: bool = False,
    include_warm: bool = True,
    descriptions: Mapping[str, str] | None = None,
    locations: pd.DataFrame | None = None,
) -> ProspectResult:
    """Rank the prospects of programme P in an area; return the top ``top_n`` rows.

    ``locations`` (from ``programme_locations``) may be passed in when cached.
    Table columns: EXPORT_COLUMNS, then lat, lng and ``f_<factor>`` per factor.
    """
    ds = index.ds
    as_of = pd.Timestamp(as_of)
    if locations is None:
        locations = programme_locations(ds, programme_id, as_of, settings)
    centre = None
    if area.level == NEAR:
        lat0, lng0, _ = location_point(ds, area.code)
        centre = (lat0, lng0)
    scored = score_candidates(
        index,
        programme_id,
        as_of,
        area,
        locations,
        settings,
        main_only=main_only,
        employers_only=employers_only,
        include_warm=include_warm,
        centre=centre,
    )
    n_top = settings.prospect_top_n if top_n is None else top_n
    take = slice(0, min(n_top, len(scored.pos)))
    table = _table(index, scored, take, programme_id, as_of, locations, descriptions)
    return ProspectResult(
        table=table,
        n_candidates=len(scored.pos),
        recognised=_recognised_frame(index, scored, area, centre),
        locations=locations,
        programme_name=_names(ds).get(programme_id, programme_id),
        area_label=area_label(ds, area),
    )


def _table(
    index: ProspectIndex,
    scored: Scored,
    take: slice,
    programme_id: str,
    as_of: pd.Timestamp,
    locations: pd.DataFrame,
    descriptions: Mapping[str, str] | None,
) -> pd.DataFrame:
    ds = index.ds
    pos = scored.pos[take]
    est = index.rows.take(pa.array(pos, pa.int64())).to_pandas()
    loc_lat = locations[s.LAT].to_numpy(float)
    loc_lng = locations[s.LNG].to_numpy(float)
    names = _names(ds)
    main_codes = est[s.NACE_MAIN].tolist()
    other_lists = est[s.NACE_OTHER].tolist()
    programme = names.get(programme_id, programme_id)
    prefixes = tuple(index.prefixes.get(programme_id, []))
    others, former = _warm_details(index, programme_id, as_of, pos)
    loc_names = locations[s.SCHOOL_NAME].astype(str).tolist()
    loc_short = locations[IS_SHORTAGE].to_numpy(bool)
    mun = ds.municipalities.set_index(s.NIS)[s.NAME_NL]
    reasons: list[str] = []
    nearest: list[str] = []
    near_km: list[float] = []
    for k, p in enumerate(pos.tolist()):
        i = int(scored.near_loc[take][k])
        b = int(scored.best_loc[take][k])
        lat, lng = index.lat[p], index.lng[p]
        near, best = None, None
        if i >= 0:
            km = _km(lat, lng, loc_lat[i], loc_lng[i])
            near_km.append(round(km, 1))
            near = (loc_names[i], km, bool(loc_short[i]))
        else:
            near_km.append(np.nan)
        if b >= 0 and b != i and loc_short[b]:
            best = (loc_names[b], _km(lat, lng, loc_lat[b], loc_lng[b]))
        code = str(main_codes[k])
        other_codes = str(other_lists[k] or "").split(";")
        other_code = next((c for c in other_codes if c.startswith(prefixes)), "")
        reasons.append(
            _reason(
                code=code,
                other_code=other_code,
                main_match=bool(scored.main_match[take][k]),
                programme=programme,
                lift=float(scored.lift[take][k]),
                near=near,
                best=best,
                employer=bool(index.employer[p]),
                others=[names.get(x, x) for x in sorted(set(others.get(p, [])))],
                former_end=former.get(p),
            )
        )
        nearest.append(loc_names[i] if i >= 0 else "")
    out = pd.DataFrame(
        {
            RANK: np.arange(1, len(pos) + 1),
            s.ESTABLISHMENT_NUMBER: est[s.ESTABLISHMENT_NUMBER].to_numpy(object),
            s.ENTERPRISE_NUMBER: est[s.ENTERPRISE_NUMBER].to_numpy(object),
            s.NAME: est[s.NAME].to_numpy(object),
            s.ADDRESS: est[s.ADDRESS].to_numpy(object),
            s.NIS: est[s.NIS].to_numpy(object),
            MUNICIPALITY: est[s.NIS].map(mun).to_numpy(object),
            s.NACE_MAIN: est[s.NACE_MAIN].to_numpy(object),
            NACE_DESCRIPTION: [
                describe(c, descriptions or {}) for c in est[s.NACE_MAIN].astype(str)
            ],
            SCORE: scored.score[take],
            REASON: reasons,
            DISTANCE_KM: np.array(near_km, dtype=float),
            LESPLAATS: nearest,
            s.IS_EMPLOYER: index.employer[pos],
            IS_WARM: scored.other_programme[take] | scored.former[take],
            s.LAT: index.lat[pos],
            s.LNG: index.lng[pos],
        }
    )
    for j, name in enumerate(FACTORS):
        out[f"f_{name}"] = np.round(scored.factors[take][:, j], 4)
    return out


def _km(lat: float, lng: float, lat2: float, lng2: float) -> float:
    return float(
        haversine_km(
            np.array([lat]), np.array([lng]), np.array([lat2]), np.array([lng2])
        )[0]
    )


def export_frame(result: ProspectResult) -> pd.DataFrame:
    """The table as exported: EXPORT_COLUMNS, one row per establishment."""
    table = result.table[EXPORT_COLUMNS]
    return table.drop_duplicates(s.ESTABLISHMENT_NUMBER).reset_index(drop=True)


def prospect_workbook(
    result: ProspectResult,
    ds: Dataset,
    as_of: pd.Timestamp,
    now: datetime | None = None,
) -> bytes:
    """Build the XLSX: title, header block (programme, area, date, source, time),
    then the list with a bold frozen header. Every text cell is neutralised.
    """
    table = export_frame(result)
    count = f"{number(result.n_candidates)} (hiervan {number(len(table))} in de lijst)"
    header = (
        ("Opleiding", result.programme_name),
        ("Gebied", result.area_label),
        ("Peildatum", pd.Timestamp(as_of).date().isoformat()),
        ("Kandidaten", count),
        *source_lines(ds, now),
    )
    title = f"Prospectie: {result.programme_name}, {result.area_label}"
    rows: list[list[tuple[object, int]]] = [[(title, _TITLE)]]
    rows += [[(key, _ITALIC), (value, _PLAIN)] for key, value in header]
    rows += [[], [(c, _BOLD) for c in table.columns]]
    styles = [_SCORE if c == SCORE else _PLAIN for c in table.columns]
    columns = [table[c].tolist() for c in table.columns]
    for values in zip(*columns, strict=True):
        rows.append(list(zip(values, styles, strict=True)))
    rows += [[], [(PROSPECT_NOTE, _NOTE)]]
    return sheet_xlsx("prospectie", rows, XLSX_WIDTHS, len(header) + 3)


PROSPECT_NOTE = (
    "Kandidaten: vestigingen in het gebied met een hoofd- of nevenactiviteit (NACE) "
    "die bij de opleiding past, zonder de vestigingen die op de peildatum al erkend "
    "zijn voor de opleiding. Score 0-1, rangorde op score en dan vestigingsnummer. "
    "Werklijst, niet voor publicatie."
)
# rank, establishment, enterprise, name, address, nis, municipality, nace, description,
# score, reason, km, lesplaats, employer, warm
XLSX_WIDTHS = (14, 16, 15, 36, 40, 8, 18, 10, 40, 8, 90, 12, 30, 12, 10)


def matching_codes(index: ProspectIndex, programme_id: str) -> list[str]:
    """Return the distinct NACE codes in the data that fit a programme."""
    prefixes = programme_prefixes(index.ds.programmes, programme_id)
    return [str(c) for c in index.codes[match_codes(index.codes, prefixes)]]


def area_options(ds: Dataset, level: str) -> dict[str, str]:
    """Return the areas of a level as code -> Dutch name, sorted by name."""
    return region_names(ds.municipalities, level)


def factor_table(row: pd.Series, settings: Settings) -> pd.DataFrame:
    """Return the score breakdown of one table row: factor, value, weight, share."""
    weights = weights_of(settings)
    values = np.array([float(row[f"f_{f}"]) for f in FACTORS])
    return pd.DataFrame(
        {
            "factor": ["NACE past", "lift", "nabijheid", "werkgever", "warm contact"],
            "waarde": values.round(3),
            "gewicht": weights.round(3),
            "bijdrage": (values * weights / weights.sum()).round(3),
        }
    )


FACTOR_LABELS = {
    "nace": "NACE past (hoofdactiviteit 1, andere activiteit lager)",
    "lift": "lift: code vaker bij erkende werkplekken",
    "distance": "nabijheid lesplaats (tekort weegt zwaarder)",
    "employer": "werkgever (RSZ)",
    "warm": "warm contact (andere erkenning of vroeger erkend)",
}


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


# A minimal XLSX writer: one sheet, inline strings, five styles. openpyxl (without
# lxml) spends ~20 us per cell, 1.2-2.5 s for a 5,000-row list; this takes ~0.1 s.
_PLAIN, _BOLD, _ITALIC, _TITLE, _NOTE, _SCORE = range(6)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FONTS = (
    '<font><sz val="11"/><name val="Calibri"/></font>',
    '<font><b/><sz val="11"/><name val="Calibri"/></font>',
    '<font><i/><sz val="11"/><name val="Calibri"/></font>',
    '<font><b/><sz val="13"/><name val="Calibri"/></font>',
    '<font><i/><sz val="9"/><name val="Calibri"/></font>',
)
# style -> (font, number format); 164 = three decimals for the score
_XF = ((0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (0, 164))
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _column_letter(j: int) -> str:
    """Spreadsheet column name of 0-based column ``j``.

    >>> _column_letter(0), _column_letter(25), _column_letter(26)
    ('A', 'Z', 'AA')
    """
    name = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        name = chr(65 + r) + name
    return name


def _xml_cell(ref: str, value: object, style: int) -> str:
    """One <c> element: numbers and booleans as values, text inline and neutralised.

    >>> print(_xml_cell("A1", "=1+1", 0))
    <c r="A1" t="inlineStr"><is><t>'=1+1</t></is></c>
    >>> _xml_cell("B2", 0.5, 5), _xml_cell("C3", float("nan"), 0)
    ('<c r="B2" s="5"><v>0.5</v></c>', '')
    """
    item = getattr(value, "item", None)
    value = item() if callable(item) else value
    s_attr = f' s="{style}"' if style else ""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s_attr} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{s_attr}><v>{value!r}</v></c>'
    text = _ILLEGAL.sub("", str(neutralise(str(value))))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s_attr} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def sheet_xlsx(
    name: str,
    rows: list[list[tuple[object, int]]],
    widths: tuple[float, ...],
    frozen_rows: int,
) -> bytes:
    """Write one sheet of (value, style) cells as an XLSX file (bytes)."""
    letters = [_column_letter(j) for j in range(max(map(len, rows), default=0))]
    body = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(
            _xml_cell(f"{letters[j]}{i}", v, st) for j, (v, st) in enumerate(row)
        )
        body.append(f'<row r="{i}">{cells}</row>')
    cols = "".join(
        f'<col min="{j}" max="{j}" width="{w}" customWidth="1"/>'
        for j, w in enumerate(widths, start=1)
    )
    pane = (
        f'<pane ySplit="{frozen_rows}" topLeftCell="A{frozen_rows + 1}" '
        'activePane="bottomLeft" state="frozen"/>'
    )
    sheet = (
        f'{_XML}<worksheet xmlns="{_NS}"><sheetViews><sheetView workbookViewId="0">'
        f"{pane}</sheetView></sheetViews><cols>{cols}</cols>"
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )
    xfs = "".join(
        f'<xf numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="0" xfId="0"'
        + (' applyFont="1"' if font else "")
        + (' applyNumberFormat="1"' if fmt else "")
        + "/>"
        for font, fmt in _XF
    )
    styles = (
        f'{_XML}<styleSheet xmlns="{_NS}"><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="0.000"/></numFmts>'
        f'<fonts count="{len(_FONTS)}">{"".join(_FONTS)}</fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
        '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
        f'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="{len(_XF)}">{xfs}'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
        'builtinId="0"/></cellStyles></styleSheet>'
    )
    parts = {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{_CT}.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            f'sheet1.xml" ContentType="{_CT}.worksheet+xml"/><Override PartName="/xl/'
            f'styles.xml" ContentType="{_CT}.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets><sheet '
            f'name="{name[:31]}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
            f'Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": styles,
        "xl/worksheets/sheet1.xml": sheet,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, text in parts.items():
            zf.writestr(part, text.encode("utf-8"))
    return buf.getvalue()
