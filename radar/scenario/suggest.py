"""Suggest the best spot: where a new lesplaats, or M new workplaces, do most good.

Both rankings work on E2SFCA deltas, for every candidate at once, over the sparse
pairs of ``radar.kernel.geo.pairs_within`` (no full recomputation per candidate).
With W the decay of ``radar.supply_demand.catchment``, D_j learners, s_k workplaces,
R_k = sum_j D_j W_kj the learners a workplace reaches, r_k = s_k / R_k and A_j the
accessibility of lesplaats j:

- A new lesplaats with N learners at candidate c turns R_k into R_k + N W_ck for the
  workplaces in its reach, so r'_k = s_k / (R_k + N W_ck); its learners get
  A_c = sum_k r'_k W_ck each, and every existing lesplaats j goes from A_j to
  A'_j = A_j + sum_k (r'_k - r_k) W_kj. The score is the improvement of the
  learners in reach minus the harm to the existing lesplaatsen, with accessibility
  counted up to T = ``ratio_krap`` ("voldoende"): benefit = N min(A_c, T), harm =
  sum_j D_j (min(A_j, T) - min(A'_j, T)). Without the cap the score would be the
  workplaces no learner reached before (E2SFCA hands out every reached workplace
  once), 0 almost everywhere for a programme taught all over Flanders; with it, a
  spot where the new learners find enough and no neighbour drops below voldoende
  scores best.
- M new workplaces at c reach R_c = sum_j D_j W_cj learners and raise each A_j by
  M W_cj / R_c: the total gain is always M, so the score is what goes where it is
  needed: shortfall = sum_j D_j min(gain_j, max(0, ratio_krap - A_j)), the
  workplaces that bring learners up towards "voldoende".

``effects`` then applies the best few for real (``apply``, ``evaluate``,
``compare``) and gives each its one-sentence headline.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from radar.kernel import schema as s
from radar.kernel.geo import pairs_within
from radar.kernel.regions import MUNICIPALITY
from radar.kernel.settings import Settings
from radar.scenario.apply import apply
from radar.scenario.changes import Change, Scenario, learners, workplaces
from radar.scenario.compare import compare, evaluate
from radar.scenario.places import Base, add_lesplaats, add_workplaces
from radar.supply_demand.catchment import DEMAND, SUPPLY, decay
from radar.supply_demand.ratios import CLASSES, CODE, classify

RANK = "rank"
NET = "net_workplaces"
BENEFIT = "benefit"
HARM = "harm"
ACCESS_NEW = "accessibility_new"
CLASS_NEW = "class_new"
LOWER = "lesplaatsen_lower"
INTO_SHORTAGE = "lesplaatsen_into_tekort"
SHORTFALL = "shortfall_closed"
HIGHER = "lesplaatsen_higher"
OUT_OF_SHORTAGE = "lesplaatsen_out_of_tekort"
REACHED = "lesplaatsen_reached"
HEADLINE = "headline"
_ROUND = 9  # scores equal to 1e-9 tie (then the tie-breakers decide)


def municipality_candidates(municipalities: pd.DataFrame) -> pd.DataFrame:
    """Every gemeente's point as a candidate: code (nis), name, lat, lng."""
    return pd.DataFrame(
        {
            CODE: municipalities[s.NIS].astype(str).to_numpy(),
            "name": municipalities[s.NAME_NL].astype(str).to_numpy(),
            s.LAT: municipalities[s.LAT].to_numpy(float),
            s.LNG: municipalities[s.LNG].to_numpy(float),
        }
    ).sort_values(CODE, ignore_index=True)


def _class_index(values: np.ndarray, settings: Settings) -> np.ndarray:
    order = {c: i for i, c in enumerate(CLASSES)}
    names = classify(np.asarray(values, dtype=float).ravel(), settings)
    return np.array([order[c] for c in names]).reshape(np.shape(values))


def _reach(
    supply: pd.DataFrame, demand: pd.DataFrame, d0: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, sparse.csr_matrix]:
    """Return R_k, r_k, A_j and the workplace x lesplaats weight matrix W."""
    s_k = supply[SUPPLY].to_numpy(float)
    d_j = demand[DEMAND].to_numpy(float)
    ik, ij, d = pairs_within(supply, demand, d0)
    w = decay(d, d0)
    reached = np.bincount(ik, weights=d_j[ij] * w, minlength=len(s_k))
    r = np.divide(s_k, reached, out=np.zeros_like(s_k), where=reached > 0)
    access = np.bincount(ij, weights=r[ik] * w, minlength=len(d_j))
    weights = sparse.csr_matrix((w, (ik, ij)), shape=(len(s_k), len(d_j)))
    return reached, r, access, weights


def suggest_lesplaats(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    candidates: pd.DataFrame,
    n_learners: int,
    settings: Settings,
    top: int | None = 10,
    cap: float | None = None,
) -> pd.DataFrame:
    """Rank candidates for a new lesplaats with ``n_learners`` learners.

    Columns: rank, code, name, lat, lng, net_workplaces (benefit - harm), benefit
    (workplaces its learners can count on, up to ``cap`` per learner), harm
    (workplaces the existing lesplaatsen lose below ``cap`` per learner),
    accessibility_new and class_new (of the new lesplaats), lesplaatsen_lower
    (existing ones that drop a class), lesplaatsen_into_tekort. ``cap`` defaults to
    ``settings.ratio_krap`` (math.inf: no cap). Best first: net, then the new
    lesplaats's accessibility, then code.
    """
    n = float(learners(n_learners))
    top_access = settings.ratio_krap if cap is None else cap
    d0 = settings.catchment_km
    reached, r, access, weights = _reach(supply, demand, d0)
    s_k = supply[SUPPLY].to_numpy(float)
    d_j = demand[DEMAND].to_numpy(float)
    ic, kc, dc = pairs_within(candidates, supply, d0)
    wc = decay(dc, d0)
    grown = reached[kc] + n * wc
    r_new = np.divide(s_k[kc], grown, out=np.zeros_like(grown), where=grown > 0)
    size = len(candidates)
    access_new = np.bincount(ic, weights=r_new * wc, minlength=size)
    delta_r = sparse.csr_matrix((r_new - r[kc], (ic, kc)), shape=(size, len(s_k)))
    after = access[None, :] + (delta_r @ weights).toarray()
    lost = np.minimum(access, top_access)[None, :] - np.minimum(after, top_access)
    benefit = n * np.minimum(access_new, top_access)
    harm = lost @ d_j
    was, now = _class_index(access[None, :], settings), _class_index(after, settings)
    out = candidates[[CODE, "name", s.LAT, s.LNG]].copy()
    out[NET] = benefit - harm
    out[BENEFIT] = benefit
    out[HARM] = harm
    out[ACCESS_NEW] = access_new
    out[CLASS_NEW] = classify(access_new, settings)
    out[LOWER] = (now < was).sum(axis=1)
    out[INTO_SHORTAGE] = ((now == 0) & (was > 0)).sum(axis=1)
    return _ranked(out, [(NET, True), (ACCESS_NEW, True)], top)


def suggest_workplaces(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    candidates: pd.DataFrame,
    n_workplaces: int,
    settings: Settings,
    top: int | None = 10,
) -> pd.DataFrame:
    """Rank candidates for ``n_workplaces`` new workplaces.

    Columns: rank, code, name, lat, lng, shortfall_closed (workplaces that go to
    learners below "voldoende", at most their gap), lesplaatsen_reached,
    lesplaatsen_higher (existing ones that rise a class),
    lesplaatsen_out_of_tekort. Best first: shortfall, then lesplaatsen rising a
    class, then code.
    """
    m = float(workplaces(n_workplaces))
    d0 = settings.catchment_km
    _, _, access, _ = _reach(supply, demand, d0)
    d_j = demand[DEMAND].to_numpy(float)
    ic, jc, dc = pairs_within(candidates, demand, d0)
    wc = decay(dc, d0)
    size = len(candidates)
    learners_reached = np.bincount(ic, weights=d_j[jc] * wc, minlength=size)
    share = np.divide(
        m, learners_reached, out=np.zeros(size), where=learners_reached > 0
    )
    gain = share[ic] * wc
    gap = np.maximum(0.0, settings.ratio_krap - access)
    closed = np.bincount(
        ic, weights=d_j[jc] * np.minimum(gain, gap[jc]), minlength=size
    )
    was = _class_index(access[jc], settings)
    now = _class_index(access[jc] + gain, settings)
    out = candidates[[CODE, "name", s.LAT, s.LNG]].copy()
    out[SHORTFALL] = closed
    out[REACHED] = np.bincount(ic, weights=(wc > 0).astype(float), minlength=size)
    out[REACHED] = out[REACHED].astype("int64")
    out[HIGHER] = np.bincount(ic, weights=(now > was), minlength=size).astype("int64")
    out[OUT_OF_SHORTAGE] = np.bincount(
        ic, weights=(was == 0) & (now > 0), minlength=size
    ).astype("int64")
    return _ranked(out, [(SHORTFALL, True), (HIGHER, True)], top)


def _ranked(
    frame: pd.DataFrame, by: list[tuple[str, bool]], top: int | None
) -> pd.DataFrame:
    """Sort by ``by`` ((column, descending) pairs, scores equal to 1e-9 tie), then
    code; number the rows from 1."""
    cols = [c for c, _ in by]
    keys = pd.concat([frame[cols].round(_ROUND), frame[CODE]], axis=1)
    order = keys.sort_values([*cols, CODE], ascending=[not d for _, d in by] + [True])
    out = frame.loc[order.index].reset_index(drop=True)
    out.insert(0, RANK, np.arange(1, len(out) + 1))
    return out if top is None else out.head(top)


def effects(
    b: Base,
    scenario: Scenario,
    ranked: pd.DataFrame,
    settings: Settings,
    *,
    n_learners: int | None = None,
    n_workplaces: int | None = None,
) -> pd.DataFrame:
    """Add to ``ranked`` (from ``suggest_*``) the headline of each candidate: the
    scenario with that candidate added, compared with the scenario alone.

    A candidate whose code is a gemeente is placed at that gemeente (its name shows
    in the new lesplaats's name); any other at its point.
    """
    sup, dem = apply(b.supply, b.demand, scenario)
    now = evaluate(sup, dem, b.municipalities, MUNICIPALITY, settings)
    gemeenten = set(b.municipalities[s.NIS].astype(str))
    lines = []
    for code, lat, lng in zip(ranked[CODE], ranked[s.LAT], ranked[s.LNG], strict=True):
        where = str(code) if str(code) in gemeenten else None
        change: Change
        if n_learners is not None:
            change = add_lesplaats(b, n_learners, lat, lng, municipality=where)
        else:
            area = f"{MUNICIPALITY.slug}:{where}" if where else None
            change = add_workplaces(b, n_workplaces, lat, lng, area=area)
        s1, d1 = apply(b.supply, b.demand, scenario.with_change(change))
        then = evaluate(s1, d1, b.municipalities, MUNICIPALITY, settings)
        lines.append(compare(now, then).headline)
    return ranked.assign(**{HEADLINE: lines})
