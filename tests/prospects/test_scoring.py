"""Prospect scoring on a hand-made world whose ranking can be worked out on paper.

The world: programme P (electrical installations, NACE 4321/4322) is taught at one
lesplaats L in Antwerpen; Q (garage, 4520) has none. Eight establishments:

    est  main   other  employer  where                  story
    A    43211         yes       Antwerpen, 1 km from L
    B    43211         no        Antwerpen, 1 km
    C    45200  43221  yes       Antwerpen, 2 km        fits P by another activity
    D    43221         yes       Antwerpen, 5 km        recognised for P: never listed
    E    43211         yes       Antwerpen, 3 km        recognised for Q: warm lead
    F    43221         yes       Antwerpen, 4 km        recognised for P until 2023
    G    56101         yes       Antwerpen              a restaurant: no match
    H    43211         yes       Mechelen               outside Antwerpen

Lift with smoothing a = 2 (N = 8, n_P = 1: only D is recognised for P on the date):
    43221: p = 2/8, q = (1 + 2 * 0.25) / 3 = 0.5      -> lift 2,   factor 0.5
    43211: p = 4/8, q = (0 + 2 * 0.5) / 3 = 1/3       -> lift 2/3, factor 0
With the distance weight 0, score = (0.3 nace + 0.25 lift + 0.15 employer + 0.1 warm)
/ 0.8:  F 0.84375 > E 0.6875 > A 0.5625 > B 0.375 = C 0.375 (tie: B's number first).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radar.kernel import schema as s
from radar.kernel.geo import KM_PER_DEG_LAT
from radar.kernel.load import Dataset, coerce
from radar.kernel.settings import Settings
from radar.prospects.index import Area, prepare_prospects
from radar.prospects.nace import match_codes
from radar.prospects.ranking import rank_prospects
from radar.prospects.scoring import smoothed_lift

AS_OF = pd.Timestamp("2024-03-01")
L_LAT, L_LNG = 51.22, 4.40
# The hand world has one recognised establishment for P: its lift tests set the
# minimum support to 1 so the lift itself is what they check.
NO_DISTANCE = Settings(
    prospect_weight_distance=0.0,
    prospect_lift_smoothing=2.0,
    prospect_lift_min_support=1,
)


def num(k: int) -> str:
    return f"2.000.000.{k:03d}"


def north_km(km: float) -> float:
    return L_LAT + km / KM_PER_DEG_LAT


ESTABLISHMENTS = [
    # letter, main, other, employer, nis, lat
    ("A", "43211", "", True, "11002", north_km(1)),
    ("B", "43211", "", False, "11002", north_km(1)),
    ("C", "45200", "43221", True, "11002", north_km(2)),
    ("D", "43221", "", True, "11002", north_km(5)),
    ("E", "43211", "", True, "11002", north_km(3)),
    ("F", "43221", "", True, "11002", north_km(4)),
    ("G", "56101", "", True, "11002", north_km(1)),
    ("H", "43211", "", True, "12025", 51.03),
]
LETTER = {letter: num(k) for k, (letter, *_rest) in enumerate(ESTABLISHMENTS, 1)}


def world(reference: dict[str, pd.DataFrame], name_of_a: str = "Elektro A") -> Dataset:
    """Build the world above as a Dataset (schema dtypes, h3 cells derived)."""
    est = pd.DataFrame(
        {
            s.ESTABLISHMENT_NUMBER: [num(k) for k in range(1, 9)],
            s.ENTERPRISE_NUMBER: [f"0400.000.{k:03d}" for k in range(1, 9)],
            s.NAME: [name_of_a] + [f"Vestiging {e[0]}" for e in ESTABLISHMENTS[1:]],
            s.ADDRESS: [f"Straat {k}, 2000 Antwerpen" for k in range(1, 9)],
            s.NACE_MAIN: [e[1] for e in ESTABLISHMENTS],
            s.NACE_OTHER: [e[2] for e in ESTABLISHMENTS],
            s.IS_EMPLOYER: [e[3] for e in ESTABLISHMENTS],
            s.START_DATE: pd.Timestamp("2010-01-01"),
            s.NIS: [e[4] for e in ESTABLISHMENTS],
            s.LAT: [e[5] for e in ESTABLISHMENTS],
            s.LNG: [L_LNG if e[4] == "11002" else 4.48 for e in ESTABLISHMENTS],
        }
    )
    programmes = pd.DataFrame(
        {
            s.PROGRAMME_ID: ["SO-P", "SO-Q"],
            s.NAME: ["Elektrische installaties duaal", "Autotechnieken duaal"],
            s.GRADE: "3de graad",
            s.FINALITY: "arbeidsmarktfinaliteit",
            s.STUDY_AREA: "STEM",
            s.PARTNERSHIP: ["Elektro", "Mobiliteit"],
            s.NACE_PREFIXES: ["4321;4322", "4520"],
            s.RELATED_IDS: "",
            s.PROGRAMME_VALID_TO: pd.NaT,
        }
    )
    offerings = pd.DataFrame(
        {
            s.OFFERING_ID: ["L1-SO-P-2023-24"],
            s.SCHOOL_ID: ["100001"],
            s.LOCATION_ID: ["10000101"],
            s.SCHOOL_NAME: ["School L"],
            s.PROVIDER_TYPE: ["secundair"],
            s.PROGRAMME_ID: ["SO-P"],
            s.SCHOOL_YEAR: ["2023-24"],
            s.LEARNERS: [10],
            s.NIS: ["11002"],
            s.LAT: [L_LAT],
            s.LNG: [L_LNG],
        }
    )

    def rec(rid: str, letter: str, programme: str, start: str, end: str) -> dict:
        k = list(LETTER).index(letter)
        return {
            s.RECOGNITION_ID: rid,
            s.ENTERPRISE_NUMBER: f"0400.000.{k + 1:03d}",
            s.ESTABLISHMENT_NUMBER: LETTER[letter],
            s.NAME: f"Vestiging {letter}",
            s.PROGRAMME_ID: programme,
            s.VALID_FROM: pd.Timestamp(start),
            s.VALID_TO: pd.Timestamp(end),
            s.LEARNERS_HOSTED: 0,
            s.NIS: ESTABLISHMENTS[k][4],
            s.LAT: ESTABLISHMENTS[k][5],
            s.LNG: L_LNG,
        }

    recognitions = pd.DataFrame(
        [
            rec("R1", "D", "SO-P", "2020-01-01", "2025-01-01"),
            rec("R2", "E", "SO-Q", "2021-01-01", "2026-01-01"),
            rec("R3", "F", "SO-P", "2018-01-01", "2023-01-01"),
        ]
    )
    return Dataset(
        programmes=coerce(programmes, s.PROGRAMMES),
        municipalities=reference["municipalities"],
        postal_codes=reference["postal_codes"],
        offerings=coerce(offerings, s.OFFERINGS),
        recognitions=coerce(recognitions, s.RECOGNITIONS),
        establishments=coerce(est, s.ESTABLISHMENTS),
        meta={"kind": "demo", "seed": 1, "extract_date": "2024-03-01"},
    )


@pytest.fixture(scope="module")
def hand(reference):
    return world(reference)


def ranked(ds: Dataset, area: str = "gemeente:11002", settings=NO_DISTANCE, **kw):
    index = prepare_prospects(ds)
    return rank_prospects(index, "SO-P", AS_OF, Area.parse(area), settings, **kw)


def letters(result) -> list[str]:
    back = {v: k for k, v in LETTER.items()}
    return [back[n] for n in result.table[s.ESTABLISHMENT_NUMBER]]


def test_ranking_matches_the_hand_computation(hand):
    result = ranked(hand)
    assert letters(result) == ["F", "E", "A", "B", "C"]
    assert result.table["score"].tolist() == pytest.approx(
        [0.84375, 0.6875, 0.5625, 0.375, 0.375]
    )
    assert result.table["rank"].tolist() == [1, 2, 3, 4, 5]
    assert result.n_candidates == 5


def test_recognised_establishments_never_appear(hand):
    for area in ("gemeente:11002", "provincie:10000", "resoc:ANTW"):
        result = ranked(hand, area, Settings())
        assert LETTER["D"] not in set(result.table[s.ESTABLISHMENT_NUMBER])
        assert result.recognised[s.ESTABLISHMENT_NUMBER].tolist() == [LETTER["D"]]


def test_the_learned_lift_equals_the_hand_computation(hand):
    lift = smoothed_lift(np.array([0, 1]), np.array([6, 2]), 2.0)
    assert lift.tolist() == pytest.approx([2 / 3, 2.0])
    factors = ranked(hand).table.set_index(s.ESTABLISHMENT_NUMBER)["f_lift"]
    assert factors[LETTER["F"]] == pytest.approx(0.5)
    assert factors[LETTER["A"]] == 0.0


def test_a_lift_resting_on_too_few_recognised_establishments_is_not_used(hand):
    # F's main code 43.221 is carried by one recognised establishment (D): with the
    # default minimum support of 3 its lift is 1 (factor 0) and no reason cites it.
    thin = Settings(prospect_weight_distance=0.0, prospect_lift_smoothing=2.0)
    assert thin.prospect_lift_min_support == 3
    table = ranked(hand, settings=thin).table.set_index(s.ESTABLISHMENT_NUMBER)
    assert table.loc[LETTER["F"], "f_lift"] == 0.0
    assert "vaker bij erkende werkplekken" not in table.loc[LETTER["F"], "reason"]
    # With support 1 allowed, the lift counts and the reason says what it rests on.
    table = ranked(hand).table.set_index(s.ESTABLISHMENT_NUMBER)
    assert table.loc[LETTER["F"], "f_lift"] == pytest.approx(0.5)
    assert (
        "code 43.221 2,0x vaker bij erkende werkplekken "
        "(1 van de 1 erkende vestigingen)" in table.loc[LETTER["F"], "reason"]
    )


def test_an_establishment_not_started_on_the_date_is_no_candidate(reference):
    ds = world(reference)
    est = ds.establishments.copy()
    est.loc[est[s.ESTABLISHMENT_NUMBER] == LETTER["A"], s.START_DATE] = pd.Timestamp(
        "2024-06-01"
    )
    later = Dataset(**{**ds.__dict__, "establishments": est})
    assert "A" not in letters(ranked(later))
    assert "A" in letters(
        rank_prospects(
            prepare_prospects(later),
            "SO-P",
            pd.Timestamp("2024-07-01"),
            Area.parse("gemeente:11002"),
            NO_DISTANCE,
        )
    )


def test_without_smoothing_the_lift_is_the_ratio_of_shares():
    # 3 of 4 recognised have code 0 (share 0.75) vs 10 of 100 overall (0.1): 7.5.
    lift = smoothed_lift(np.array([3, 1]), np.array([10, 90]), 0.0)
    assert lift.tolist() == pytest.approx([7.5, 0.25 / 0.9])


def test_the_province_adds_mechelen_and_ties_break_on_the_number(hand):
    result = ranked(hand, "provincie:10000")
    assert letters(result) == ["F", "E", "A", "H", "B", "C"]


def test_another_row_order_gives_the_same_ranking(reference):
    ds = world(reference)
    expected = ranked(ds, "provincie:10000", Settings()).table
    for seed in range(3):
        rng = np.random.default_rng(seed)

        def shuffle(frame: pd.DataFrame, rng=rng) -> pd.DataFrame:
            return frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)

        shuffled = replace(
            ds,
            establishments=shuffle(ds.establishments),
            recognitions=shuffle(ds.recognitions),
            offerings=shuffle(ds.offerings),
        )
        got = ranked(shuffled, "provincie:10000", Settings()).table
        pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"main_only": True}, ["F", "E", "A", "B"]),
        ({"employers_only": True}, ["F", "E", "A", "C"]),
        ({"include_warm": False}, ["A", "B", "C"]),
        ({"top_n": 2}, ["F", "E"]),
    ],
)
def test_filters_drop_exactly_the_rows_they_name(hand, options, expected):
    assert letters(ranked(hand, **options)) == expected


def test_with_only_distance_weighted_the_nearest_rank_first(hand):
    only_distance = Settings(
        prospect_weight_nace=0,
        prospect_weight_lift=0,
        prospect_weight_employer=0,
        prospect_weight_warm=0,
    )
    result = ranked(hand, settings=only_distance)
    # A and B both 1 km away: the tie breaks on the number.
    assert letters(result) == ["A", "B", "C", "E", "F"]
    assert result.table["distance_km"].tolist() == pytest.approx([1, 1, 2, 3, 4])
    # L has 10 learners and one workplace: a shortage, so its weight is 1.
    assert result.table["f_distance"].iloc[0] == pytest.approx(np.exp(-0.1), abs=1e-3)


def test_a_radius_around_the_lesplaats_keeps_what_lies_within_it(hand):
    index = prepare_prospects(hand)
    area = Area("near", "10000101", 2.5)
    result = rank_prospects(index, "SO-P", AS_OF, area, NO_DISTANCE)
    assert sorted(letters(result)) == ["A", "B", "C"]
    assert result.area_label == "2,5 km rond lesplaats School L"


def test_every_reason_names_its_factors_in_dutch(hand):
    reasons = ranked(
        hand,
        settings=Settings(prospect_lift_smoothing=2.0, prospect_lift_min_support=1),
    ).table
    by = dict(zip(letters_of(reasons), reasons["reason"], strict=True))
    assert by["A"] == (
        "hoofdactiviteit 43.211 past bij Elektrische installaties; "
        "1,0 km van lesplaats School L (tekort); werkgever (RSZ)"
    )
    assert "al erkend voor Autotechnieken" in by["E"]
    assert "vroeger erkend voor deze opleiding (tot 01-01-2023)" in by["F"]
    assert "code 43.221 2,0x vaker bij erkende werkplekken" in by["F"]
    assert by["C"].startswith("nevenactiviteit 43.221 past bij")
    assert "werkgever" not in by["B"]


def letters_of(table: pd.DataFrame) -> list[str]:
    back = {v: k for k, v in LETTER.items()}
    return [back[n] for n in table[s.ESTABLISHMENT_NUMBER]]


def test_prefixes_are_matched_on_the_distinct_codes():
    codes = np.array(["43211", "43290", "45200", "4322"], dtype=object)
    assert match_codes(codes, ["4321", "4322"]).tolist() == [True, False, False, True]
    assert not match_codes(codes, []).any()


@pytest.mark.parametrize(
    "text", ["provincie", "land:BE", "provincie:", "gemeente11002"]
)
def test_a_malformed_area_is_refused(text):
    with pytest.raises(ValueError, match="NIVEAU:CODE"):
        Area.parse(text)


def test_an_unknown_area_or_programme_is_a_clear_error(hand):
    with pytest.raises(ValueError, match="onbekend gebied"):
        ranked(hand, "gemeente:99999")
    index = prepare_prospects(hand)
    with pytest.raises(ValueError, match="onbekende opleiding"):
        rank_prospects(index, "SO-X", AS_OF, Area.parse("gemeente:11002"), Settings())


weights = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=25, deadline=None)
@given(
    nace=weights,
    lift=weights,
    distance=weights,
    employer=weights,
    warm=weights.map(lambda w: w + 0.01),  # never all zero
    other=weights,
    smoothing=st.floats(0.0, 50.0),
)
def test_scores_stay_in_0_1_and_the_list_is_sorted(
    reference, nace, lift, distance, employer, warm, other, smoothing
):
    tuned = Settings(
        prospect_weight_nace=nace,
        prospect_weight_lift=lift,
        prospect_weight_distance=distance,
        prospect_weight_employer=employer,
        prospect_weight_warm=warm,
        prospect_other_activity=other,
        prospect_lift_smoothing=smoothing,
    )
    table = ranked(world(reference), "provincie:10000", tuned).table
    assert table["score"].between(0, 1).all()
    keys = list(zip(-table["score"], table[s.ESTABLISHMENT_NUMBER], strict=True))
    assert keys == sorted(keys)
    assert LETTER["D"] not in set(table[s.ESTABLISHMENT_NUMBER])
