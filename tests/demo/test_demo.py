"""The demo generator: deterministic, valid, and on its calibration figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from radar.demo.calibration import (
    ACTIVE_TARGETS,
    LEARNERS_PER_YEAR,
    SNAPSHOT_2022,
)
from radar.demo.generator import generate
from radar.kernel import schema as s
from radar.kernel.calendar import school_year_of, valid_on
from radar.kernel.geo import haversine_km, municipality_radius_km
from radar.kernel.validate import validate_dataset

TABLES = ("offerings", "recognitions", "establishments")


@pytest.fixture(scope="module")
def small_pair(reference):
    return (
        generate(reference, seed=7, establishments=1000),
        generate(reference, seed=7, establishments=1000),
    )


def test_same_seed_gives_identical_tables(small_pair):
    a, b = small_pair
    for name in TABLES:
        pd.testing.assert_frame_equal(a.table(name), b.table(name))


def test_another_seed_gives_other_tables_but_the_same_2022_totals(
    reference, small_pair
):
    other = generate(reference, seed=8, establishments=1000)
    a = small_pair[0]
    assert not a.recognitions[s.ESTABLISHMENT_NUMBER].equals(
        other.recognitions[s.ESTABLISHMENT_NUMBER]
    )
    assert len(valid_on(a.recognitions, SNAPSHOT_2022)) == 14892
    assert len(valid_on(other.recognitions, SNAPSHOT_2022)) == 14892


def test_demo_data_passes_validation_without_any_issue(demo):
    assert validate_dataset(demo) == []


def test_learners_per_school_year_match_the_calibration_exactly(demo):
    per_year = demo.offerings.groupby(s.SCHOOL_YEAR)[s.LEARNERS].sum().to_dict()
    assert per_year == LEARNERS_PER_YEAR
    assert per_year["2021-22"] == 2338


def test_250_to_350_lesplaatsen_offer_2_to_8_programmes_each(demo):
    off = demo.offerings
    assert 250 <= off[s.LOCATION_ID].nunique() <= 350
    assert (
        250 <= off.loc[off[s.SCHOOL_YEAR] == "2021-22", s.LOCATION_ID].nunique() <= 350
    )
    per = off.groupby([s.SCHOOL_YEAR, s.LOCATION_ID])[s.PROGRAMME_ID].nunique()
    assert per.between(2, 8).all()
    assert set(off[s.PROVIDER_TYPE]) == set(s.PROVIDER_TYPES)


def test_about_a_fifth_of_recognised_establishments_host_a_learner(demo):
    active = valid_on(demo.recognitions, demo.extract_date)
    hosted = active.groupby(s.ESTABLISHMENT_NUMBER)[s.LEARNERS_HOSTED].sum()
    assert 0.18 <= (hosted > 0).mean() <= 0.26
    # Nobody hosts on a recognition that is not running on the extract date.
    inactive = demo.recognitions.drop(active.index)
    assert inactive[s.LEARNERS_HOSTED].sum() == 0


def test_recognitions_run_at_most_five_years_from_2016(demo):
    rec = demo.recognitions
    assert rec[s.VALID_FROM].min() >= pd.Timestamp("2016-01-01")
    five = rec[s.VALID_FROM] + pd.DateOffset(years=5)
    assert (rec[s.VALID_TO] <= five + pd.Timedelta(days=1)).all()
    # A shorter one ended with its programme, or was stopped early before 2022.
    short = rec[rec[s.VALID_TO] < five]
    programme_end = short[s.PROGRAMME_ID].map(
        demo.programmes.set_index(s.PROGRAMME_ID)[s.PROGRAMME_VALID_TO]
    ) + pd.Timedelta(days=1)
    ended_early = short[s.VALID_TO] <= SNAPSHOT_2022
    assert ((short[s.VALID_TO] == programme_end) | ended_early).all()
    assert len(short) < 0.2 * len(rec)


def test_active_recognitions_follow_the_growth_curve(demo):
    for day, target in ACTIVE_TARGETS.items():
        if pd.Timestamp(day) > demo.extract_date:
            continue
        got = len(valid_on(demo.recognitions, pd.Timestamp(day)))
        assert abs(got - target) <= 0.01 * target, day


def test_construction_is_the_largest_sector_with_about_thirty_percent(demo):
    active = valid_on(demo.recognitions, SNAPSHOT_2022)
    partner = active[s.PROGRAMME_ID].map(
        demo.programmes.set_index(s.PROGRAMME_ID)[s.PARTNERSHIP]
    )
    shares = partner.value_counts(normalize=True)
    assert shares.index[0] == "Bouw"
    assert 0.25 <= shares["Bouw"] <= 0.35


def test_recognised_establishments_are_in_the_universe_with_fitting_nace(demo):
    est = demo.establishments.set_index(s.ESTABLISHMENT_NUMBER)
    rec = demo.recognitions
    assert rec[s.ESTABLISHMENT_NUMBER].isin(est.index).all()
    prefixes = demo.programmes.set_index(s.PROGRAMME_ID)[s.NACE_PREFIXES].str.split(";")
    sample = rec.sample(3000, random_state=1)
    for number, programme in zip(
        sample[s.ESTABLISHMENT_NUMBER], sample[s.PROGRAMME_ID], strict=True
    ):
        codes = [est.at[number, s.NACE_MAIN], *est.at[number, s.NACE_OTHER].split(";")]
        assert any(c.startswith(tuple(prefixes[programme])) for c in codes if c)
    same = rec.join(
        est[[s.NIS, s.LAT, s.LNG]].add_suffix("_e"), on=s.ESTABLISHMENT_NUMBER
    )
    assert (same[s.NIS] == same[f"{s.NIS}_e"]).all()
    assert (same[s.LAT] == same[f"{s.LAT}_e"]).all()


@pytest.mark.parametrize("table", ["establishments", "offerings"])
def test_every_point_lies_within_its_municipality_radius(demo, table):
    frame = demo.table(table)
    mun = demo.municipalities.set_index(s.NIS).loc[frame[s.NIS]]
    d = haversine_km(
        frame[s.LAT].to_numpy(),
        frame[s.LNG].to_numpy(),
        mun[s.LAT].to_numpy(),
        mun[s.LNG].to_numpy(),
    )
    radius = municipality_radius_km(mun[s.AREA_KM2].to_numpy())
    assert np.all(d <= radius + 0.01)
    assert frame[s.LAT].between(*s.BELGIUM_LAT).all()
    assert frame[s.LNG].between(*s.BELGIUM_LNG).all()


def test_demo_universe_has_the_default_size_and_unique_keys(demo):
    assert len(demo.establishments) == 200_000
    assert demo.establishments[s.ESTABLISHMENT_NUMBER].is_unique
    assert demo.recognitions[s.RECOGNITION_ID].is_unique
    assert demo.is_demo
    assert school_year_of(demo.extract_date) == "2026-27"
