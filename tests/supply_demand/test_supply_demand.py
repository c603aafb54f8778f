"""Supply, demand, ratios, competition and room for offer on hand-made worlds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from radar.kernel import schema as s
from radar.kernel.hexgrid import points_to_cells
from radar.kernel.load import Dataset, coerce
from radar.kernel.settings import Settings
from radar.supply_demand.analysis import analyse, hexagon_access, prepare
from radar.supply_demand.analysis import availability as analysis_availability
from radar.supply_demand.catchment import DEMAND, SUPPLY
from radar.supply_demand.demand import programme_demand, year_cohorts
from radar.supply_demand.locations import location_metrics, radius_curve
from radar.supply_demand.offer import (
    overtal,
    room_for_offer_cells,
    room_for_offer_municipalities,
)
from radar.supply_demand.ratios import classify, region_ratios
from radar.supply_demand.supply import programme_supply

KM = 1 / 111.195
GENT = (51.0543, 3.7174)  # nis 44021, province 40000
DATE = pd.Timestamp("2024-03-01")
P, RELATED = "SO-23", "SO-251"  # Bandenmonteur; Autotechnieken (related)


def recognitions(rows):
    """(establishment, programme, km north of Gent, hosted) -> recognitions frame."""
    lat = np.array([GENT[0] + r[2] * KM for r in rows])
    lng = np.full(len(rows), GENT[1])
    return pd.DataFrame(
        {
            s.RECOGNITION_ID: [f"R{i}" for i in range(len(rows))],
            s.ESTABLISHMENT_NUMBER: [r[0] for r in rows],
            s.NAME: [f"Garage {r[0]}" for r in rows],
            s.PROGRAMME_ID: [r[1] for r in rows],
            s.VALID_FROM: pd.Timestamp("2022-01-01"),
            s.VALID_TO: pd.Timestamp("2027-01-01"),
            s.LEARNERS_HOSTED: pd.array([r[3] for r in rows], dtype="Int64"),
            s.NIS: "44021",
            s.LAT: lat,
            s.LNG: lng,
            s.CELL: points_to_cells(lat, lng),
        }
    )


def offerings(rows, year="2023-24"):
    """(location, km north of Gent, learners or None) -> offerings of programme P."""
    lat = np.array([GENT[0] + r[1] * KM for r in rows])
    lng = np.full(len(rows), GENT[1])
    return pd.DataFrame(
        {
            s.OFFERING_ID: [f"{r[0]}-{year}" for r in rows],
            s.SCHOOL_ID: [r[0][:6] for r in rows],
            s.LOCATION_ID: [r[0] for r in rows],
            s.SCHOOL_NAME: [f"School {r[0]}" for r in rows],
            s.PROVIDER_TYPE: "secundair",
            s.PROGRAMME_ID: P,
            s.SCHOOL_YEAR: year,
            s.LEARNERS: pd.array([r[2] for r in rows], dtype="Int64"),
            s.NIS: "44021",
            s.LAT: lat,
            s.LNG: lng,
            s.CELL: points_to_cells(lat, lng),
        }
    )


def test_an_establishment_counts_once_at_its_highest_weight(reference):
    rec = recognitions(
        [
            ("A", P, 0, 0),
            ("A", RELATED, 0, 1),  # also related: still 1
            ("B", RELATED, 1, 0),  # related only: w
            ("C", "SO-8", 2, 0),  # unrelated programme: never
        ]
    )
    prog = reference["programmes"]
    only = programme_supply(rec, prog, P, DATE)
    assert only[["id", SUPPLY]].values.tolist() == [["A", 1.0]]
    both = programme_supply(rec, prog, P, DATE, related_weight=0.5)
    assert both[["id", SUPPLY, "is_related"]].values.tolist() == [
        ["A", 1.0, False],
        ["B", 0.5, True],
    ]
    active = programme_supply(rec, prog, P, DATE, related_weight=0.5, active_only=True)
    assert active["id"].tolist() == [
        "A"
    ]  # A hosts a learner on its related recognition
    assert programme_supply(rec, prog, P, pd.Timestamp("2030-01-01")).empty


def test_unknown_learner_counts_get_the_median_cohort_and_a_flag():
    off = offerings([("L1", 0, 4), ("L2", 1, 8), ("L3", 2, None), ("L4", 3, 1)])
    demand = programme_demand(off, P, DATE)
    assert demand["learners"].tolist() == [4, 8, 4, 1]
    assert demand["is_estimate"].tolist() == [False, False, True, False]
    # A date in a school year without counts has no learners: an earlier year's
    # counts are never carried forward (issue 10).
    assert programme_demand(off, P, pd.Timestamp("2026-10-01")).empty
    assert programme_demand(off, P, pd.Timestamp("2020-01-01")).empty


def _dataset(reference, offers, extract):
    """A dataset of ``offers``, one recognition of P (workplace A) and no KBO."""
    rec = recognitions([("A", P, 0, 0)]).assign(
        **{
            s.RECOGNITION_ID: "E1",
            s.ENTERPRISE_NUMBER: "0200.000.000",
            s.ESTABLISHMENT_NUMBER: "2000.000.000",
            s.NAME: "A",
        }
    )
    empty = pd.DataFrame({c: [] for c in s.ESTABLISHMENTS.required})
    return Dataset(
        programmes=reference["programmes"],
        municipalities=reference["municipalities"],
        postal_codes=reference["postal_codes"],
        offerings=coerce(offers, s.OFFERINGS),
        recognitions=coerce(rec, s.RECOGNITIONS),
        establishments=coerce(empty, s.ESTABLISHMENTS),
        meta={"extract_date": extract},
    )


def test_a_programme_with_every_count_unknown_gets_the_years_median_and_a_flag(
    reference,
):
    # P's two lesplaatsen have no counts; another programme's three have 2, 6 and 9.
    ours = offerings([("L1", 0, None), ("L2", 5, None)])
    other = offerings([("M1", 1, 2), ("M2", 2, 6), ("M3", 3, 9)]).assign(
        **{s.PROGRAMME_ID: "SO-410"}
    )
    everything = pd.concat([ours, other], ignore_index=True)
    demand = programme_demand(everything, P, DATE)
    assert demand["learners"].tolist() == [6, 6]
    assert demand["is_estimate"].tolist() == [True, True]
    # Given only P's offerings, the year's cohort comes from ``year_cohorts``.
    alone = programme_demand(ours, P, DATE, year_cohorts(everything))
    assert alone["learners"].tolist() == [6, 6]
    # The same through the page's analysis (which holds offerings per programme).
    ds = _dataset(reference, everything, "2024-06-30")
    result = analyse(prepare(ds), P, DATE, "provincie", Settings())
    assert result.demand["demand"].sum() == 12
    assert result.demand["is_estimate"].all()
    oost = result.areas.set_index("code").loc["40000"]
    assert oost["demand"] == 12 and bool(oost["is_estimate"])
    assert not result.areas.set_index("code").loc["10000", "is_estimate"]
    assert result.notices == ()


def test_an_ended_programme_and_a_date_without_counts_are_stated_not_numbered(
    reference,
):
    ds = _dataset(reference, offerings([("L1", 0, 4)]), "2025-06-30")
    prep = prepare(ds)
    # 2024-10-01 is in school year 2024-25, which has no counts: stated, no learners.
    later = analyse(prep, P, pd.Timestamp("2024-10-01"), "provincie", Settings())
    assert later.demand.empty
    assert any(
        "geen leerlingenaantallen voor schooljaar 2024-25" in n for n in later.notices
    )
    # Past the extract date: outside the data.
    beyond = analysis_availability(prep, P, pd.Timestamp("2040-01-01"))
    assert any("valt buiten de gegevens" in n for n in beyond)
    # A programme whose catalogue end date has passed.
    ended = reference["programmes"].dropna(subset=[s.PROGRAMME_VALID_TO]).iloc[0]
    after = ended[s.PROGRAMME_VALID_TO] + pd.Timedelta(days=30)
    notes = analysis_availability(prep, ended[s.PROGRAMME_ID], after)
    assert any("wordt niet meer aangeboden sinds" in n for n in notes)
    # Within the data, an offered programme: nothing to state.
    assert analysis_availability(prep, P, DATE) == []


def test_ratio_classes_follow_the_thresholds_and_zero_demand_is_geen_vraag(reference):
    settings = Settings()
    supply = programme_supply(
        recognitions([(c, P, 0, 0) for c in "ABC"]), reference["programmes"], P, DATE
    )
    demand = programme_demand(offerings([("L1", 0, 2)]), P, DATE)
    areas = region_ratios(
        supply, demand, reference["municipalities"], "provincie", settings
    )
    row = areas.set_index("code").loc["40000"]
    assert (row[SUPPLY], row[DEMAND], row["ratio"], row["class"]) == (3, 2, 1.5, "krap")
    others = areas[areas["code"] != "40000"]
    assert len(areas) == 6
    assert others["ratio"].isna().all() and (others["class"] == "geen vraag").all()
    assert classify(np.array([0.99, 1.99, 4.99, 5.0]), settings).tolist() == [
        "tekort",
        "krap",
        "voldoende",
        "ruim",
    ]


def test_competition_counts_rivals_and_the_share_of_workplaces_they_share():
    # Schools at 0 and 20 km, a third one at 60 km; d0 = 25 km.
    # Workplaces at -10 (only school 0), 10 (both), 30 (only school 20).
    supply = pd.DataFrame(
        {s.LAT: [GENT[0] + k * KM for k in (-10, 10, 30)], s.LNG: GENT[1], SUPPLY: 1.0}
    )
    demand = offerings([("L0", 0, 2), ("L20", 20, 2), ("L60", 60, 3)])
    demand = programme_demand(demand, P, DATE)
    m = location_metrics(supply, demand, radius_km=25.0).set_index("id")
    assert m["competitors"].to_dict() == {"L0": 1, "L20": 1, "L60": 0}
    assert m["workplaces_within_radius"].to_dict() == {
        "L0": 2.0,
        "L20": 2.0,
        "L60": 0.0,
    }
    assert m.loc["L0", "shared_share"] == pytest.approx(0.5)
    assert np.isnan(m.loc["L60", "shared_share"])
    assert bool(m.loc["L60", "is_shortage"])
    table = overtal(m.reset_index())
    assert table["id"].tolist() == ["L0", "L20"]


def test_room_for_offer_needs_workplaces_and_no_lesplaats_in_reach():
    settings = Settings(room_min_workplaces=3, catchment_km=10.0)
    # A cluster of 4 workplaces 40 km north of the only school; 2 near the school.
    km = [40, 40.5, 41, 41.5, 1, 2]
    lat = np.array([GENT[0] + k * KM for k in km])
    supply = pd.DataFrame(
        {
            s.LAT: lat,
            s.LNG: GENT[1],
            SUPPLY: 1.0,
            s.CELL: points_to_cells(lat, np.full(6, GENT[1])),
        }
    )
    demand = programme_demand(offerings([("L0", 0, 5)]), P, DATE)
    cells = room_for_offer_cells(supply, demand, settings)
    assert len(cells) >= 1
    assert (cells["workplaces_within_radius"] == 4).all()
    mun = pd.DataFrame(
        {
            s.NIS: ["N", "S"],
            s.NAME_NL: ["Noord", "Zuid"],
            s.LAT: [GENT[0] + 40.7 * KM, GENT[0] + 1 * KM],
            s.LNG: [GENT[1]] * 2,
        }
    )
    room = room_for_offer_municipalities(supply, demand, mun, settings)
    assert room[["code", "workplaces_within_radius"]].values.tolist() == [["N", 4.0]]


def test_radius_curve_of_one_lesplaats():
    supply = pd.DataFrame({s.LAT: [GENT[0] + 0.5 * KM], s.LNG: GENT[1], SUPPLY: 1.0})
    demand = programme_demand(offerings([("L0", 0, 2)]), P, DATE)
    curve = radius_curve(supply, demand, "L0", tau=1.0, r_max_km=5)
    assert curve["workplaces"].tolist() == [1, 1, 1, 1, 1]
    assert curve["needed"].tolist() == [2, 2, 2, 2, 2]
    assert radius_curve(supply, demand, "nope").empty


@pytest.fixture(scope="module")
def prepared(demo):
    return prepare(demo)


@pytest.mark.parametrize("level", ["provincie", "resoc", "gemeente", "hex7"])
def test_demo_analysis_keeps_totals_at_every_level(prepared, demo, level):
    settings = Settings()
    result = analyse(prepared, "SO-410", demo.extract_date, level, settings, 0.5)
    assert result.areas[SUPPLY].sum() == pytest.approx(result.supply[SUPPLY].sum())
    assert result.areas[DEMAND].sum() == pytest.approx(result.demand[DEMAND].sum())
    assert (
        result.demand["learners"].sum()
        == demo.offerings.query(
            "programme_id == 'SO-410' and school_year == '2026-27'"
        )["learners"].sum()
    )
    assert set(result.shortage_areas["class"]) <= {"tekort"}
    access = hexagon_access(prepared, result, settings)
    assert (access["accessibility"] >= 0).all() and len(access) == len(
        prepared.cover_cells
    )


def test_changing_programme_changes_the_numbers(prepared, demo):
    settings = Settings()
    a = analyse(prepared, "SO-410", demo.extract_date, "provincie", settings)
    b = analyse(prepared, "SO-23", demo.extract_date, "provincie", settings)
    assert a.supply[SUPPLY].sum() != b.supply[SUPPLY].sum()


def test_a_dataset_without_recognitions_or_offerings_gives_zeros_not_errors(demo):
    from radar.kernel.load import Dataset

    empty = Dataset(
        programmes=demo.programmes,
        municipalities=demo.municipalities,
        postal_codes=demo.postal_codes,
        offerings=demo.offerings.iloc[0:0],
        recognitions=demo.recognitions.iloc[0:0],
        establishments=demo.establishments.head(100),
        meta={"kind": "real"},
    )
    prep = prepare(empty)
    result = analyse(prep, "SO-410", demo.extract_date, "hex7", Settings(), 0.5)
    assert result.supply.empty and result.demand.empty and result.areas.empty
    assert result.locations.empty and result.overtal.empty
    result = analyse(prep, "SO-410", demo.extract_date, "provincie", Settings())
    assert (result.areas["class"] == "geen vraag").all()
