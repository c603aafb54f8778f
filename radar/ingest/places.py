"""Place input rows: postcode or NIS code -> municipality -> point, with flags.

A point comes from the file's own coordinates when present (``bron``), else from the
reference postcode table (``postcode``: the point of that postcode's part of the
municipality), else from the municipality's representative point (``gemeente``, a
flagged fallback). Rows placed outside Flanders and Brussels are out of scope.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel import schema as s

POINT_SOURCE = "point_source"
FROM_FILE = "bron"
FROM_POSTCODE = "postcode"
FROM_MUNICIPALITY = "gemeente"
# problem codes; OUT_OF_REGION is not an error: the row is outside the app's scope
UNKNOWN_POSTCODE = "unknown_postcode"
UNKNOWN_NIS = "unknown_nis"
OUTSIDE_BELGIUM = "outside_belgium"
BAD_COORDINATES = "bad_value"
OUT_OF_REGION = "out_of_region"
REASONS = {
    UNKNOWN_POSTCODE: "onbekende postcode",
    UNKNOWN_NIS: "onbekende NIS-code",
    OUTSIDE_BELGIUM: "coördinaten buiten België",
    BAD_COORDINATES: "coördinaten zijn geen getallen",
}


def _text(values: pd.Series | None, n: int) -> pd.Series:
    if values is None:
        return pd.Series([""] * n, dtype=object)
    return pd.Series(
        values.astype("string").fillna("").str.strip().to_numpy(dtype=object)
    )


def _postcode_points(
    postcodes: pd.Series, names: pd.Series, codes: pd.Series, postal: pd.DataFrame
) -> pd.DataFrame:
    """Choose one postal-code row per input row: the one of the given NIS code, else
    the municipality whose name matches, else the first one listed for that
    postcode. Columns nis, lat, lng (NaN if none)."""
    uniq = pd.DataFrame(
        {s.POSTCODE: postcodes, "_name": names.str.lower(), "_nis": codes}
    )
    uniq = uniq.drop_duplicates().reset_index(drop=True)
    ref = postal[[s.POSTCODE, s.NIS, s.NAME_NL, s.LAT, s.LNG]].astype(
        {s.POSTCODE: object, s.NIS: object, s.NAME_NL: object}
    )
    ref = ref.assign(_order=np.arange(len(ref)))
    both = uniq.reset_index().merge(ref, on=s.POSTCODE, how="inner")
    both["_other"] = both[s.NIS] != both["_nis"]
    both["_miss"] = both[s.NAME_NL].str.lower() != both["_name"]
    both = both.sort_values(["index", "_other", "_miss", "_order"])
    both = both.drop_duplicates("index")
    chosen = uniq.join(both.set_index("index")[[s.NIS, s.LAT, s.LNG]])
    keys = pd.MultiIndex.from_arrays([postcodes, names.str.lower(), codes])
    chosen = chosen.set_index([s.POSTCODE, "_name", "_nis"])
    return chosen.reindex(keys).reset_index(drop=True)


def locate(
    n: int,
    reference: dict[str, pd.DataFrame],
    *,
    postcode: pd.Series | None = None,
    municipality: pd.Series | None = None,
    nis: pd.Series | None = None,
    lat: pd.Series | None = None,
    lng: pd.Series | None = None,
) -> pd.DataFrame:
    """Return ``nis, lat, lng, point_source, problem`` for ``n`` input rows.

    ``problem`` is ``<NA>`` for a placed row, one of the ``REASONS`` codes for a row
    to reject, or ``out_of_region`` for a row outside Flanders and Brussels.
    """
    mun = reference["municipalities"]
    postal = reference["postal_codes"]
    pc = _text(postcode, n)
    name = _text(municipality, n)
    code = _text(nis, n)
    out_nis = pd.Series([""] * n, dtype=object)
    out_lat = np.full(n, np.nan)
    out_lng = np.full(n, np.nan)
    source = np.full(n, "", dtype=object)
    problem = np.full(n, None, dtype=object)

    mun_nis = mun[s.NIS].astype(str).to_numpy(dtype=object)
    mun_lat = pd.Series(mun[s.LAT].to_numpy(), index=mun_nis)
    mun_lng = pd.Series(mun[s.LNG].to_numpy(), index=mun_nis)
    known_nis = set(mun_nis) | set(postal[s.NIS].astype(str))

    has_nis = (code != "").to_numpy()
    nis_ok = has_nis & code.isin(known_nis).to_numpy()
    problem[has_nis & ~nis_ok] = UNKNOWN_NIS
    out_nis[nis_ok] = code[nis_ok]

    by_pc = _postcode_points(pc, name, code, postal)
    pc_known = by_pc[s.NIS].notna().to_numpy()
    use_pc = ~has_nis & pc_known
    out_nis[use_pc] = by_pc.loc[use_pc, s.NIS]
    same_nis = nis_ok & pc_known & (by_pc[s.NIS].to_numpy(dtype=object) == code)
    pc_point = use_pc | same_nis
    out_lat[pc_point] = by_pc.loc[pc_point, s.LAT].to_numpy(dtype=float)
    out_lng[pc_point] = by_pc.loc[pc_point, s.LNG].to_numpy(dtype=float)
    source[pc_point] = FROM_POSTCODE

    # postcode unknown: the municipality named in the file, if it is one we know
    by_name = pd.Series(
        mun_nis, index=mun[s.NAME_NL].str.lower().to_numpy(dtype=object)
    )
    by_name = by_name[~by_name.index.duplicated()]
    named = by_name.reindex(name.str.lower().to_numpy()).to_numpy(dtype=object)
    use_name = ~has_nis & ~pc_known & pd.notna(named)
    out_nis[use_name] = named[use_name]
    problem[~has_nis & ~pc_known & ~use_name] = UNKNOWN_POSTCODE

    in_region = out_nis.isin(set(mun_nis)).to_numpy()
    fallback = in_region & ~pc_point & (problem == None)  # noqa: E711
    out_lat[fallback] = mun_lat.reindex(out_nis[fallback]).to_numpy()
    out_lng[fallback] = mun_lng.reindex(out_nis[fallback]).to_numpy()
    source[fallback] = FROM_MUNICIPALITY

    if lat is not None and lng is not None:
        la = pd.to_numeric(_text(lat, n).str.replace(",", "."), errors="coerce")
        lo = pd.to_numeric(_text(lng, n).str.replace(",", "."), errors="coerce")
        given = (_text(lat, n) != "").to_numpy() | (_text(lng, n) != "").to_numpy()
        numeric = la.notna().to_numpy() & lo.notna().to_numpy()
        la_v, lo_v = la.to_numpy(dtype=float), lo.to_numpy(dtype=float)
        inside = (
            (la_v >= s.BELGIUM_LAT[0])
            & (la_v <= s.BELGIUM_LAT[1])
            & (lo_v >= s.BELGIUM_LNG[0])
            & (lo_v <= s.BELGIUM_LNG[1])
        )
        ok = problem == None  # noqa: E711
        problem[given & ~numeric & ok] = BAD_COORDINATES
        problem[given & numeric & ~inside & ok] = OUTSIDE_BELGIUM
        use = given & numeric & inside
        out_lat[use], out_lng[use] = la_v[use], lo_v[use]
        source[use] = FROM_FILE
    region_problem = (problem == None) & ~in_region  # noqa: E711
    problem[region_problem] = OUT_OF_REGION
    return pd.DataFrame(
        {
            s.NIS: out_nis.to_numpy(dtype=object),
            s.LAT: out_lat,
            s.LNG: out_lng,
            POINT_SOURCE: source,
            "problem": problem,
        }
    )
