"""The demo looks like Flanders: schools in the towns, popular programmes popular,
names and recognitions that fit each establishment's activity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from radar.demo.calibration import (
    CENTRUMSTEDEN,
    LEARNERS_2018_19,
    PROVINCE_TABLE_2022,
    SNAPSHOT_2022,
)
from radar.demo.nace import trade_key, trade_words
from radar.kernel import schema as s
from radar.kernel.calendar import school_year_of, school_year_start, valid_on

TOTAL_2022 = sum(r for r, _ in PROVINCE_TABLE_2022.values())
SHARE_2022 = {p: r / TOTAL_2022 for p, (r, _) in PROVINCE_TABLE_2022.items()}


def _province(demo, nis: pd.Series) -> pd.Series:
    return nis.map(demo.municipalities.set_index(s.NIS)[s.PROVINCE_NIS])


def test_recognitions_on_7_february_2022_give_the_published_province_table(demo):
    snap = valid_on(demo.recognitions, SNAPSHOT_2022)
    per = snap.groupby(_province(demo, snap[s.NIS])).agg(
        rec=(s.RECOGNITION_ID, "size"), est=(s.ESTABLISHMENT_NUMBER, "nunique")
    )
    got = {p: (int(r.rec), int(r.est)) for p, r in per.iterrows()}
    assert got == PROVINCE_TABLE_2022


@pytest.mark.parametrize("year", ["2019-20", "2021-22", "2026-27"])
def test_learners_per_province_follow_the_2022_recognitions(demo, year):
    off = demo.offerings[demo.offerings[s.SCHOOL_YEAR] == year]
    share = off.groupby(_province(demo, off[s.NIS]))[s.LEARNERS].sum()
    share = share / share.sum()
    for province, expected in SHARE_2022.items():
        assert abs(share.get(province, 0.0) - expected) <= 0.035, (province, share)
    assert share["04000"] <= 0.03  # Brussels: Dutch-language education only


def test_lesplaatsen_per_province_follow_the_2022_recognitions(demo):
    places = demo.offerings.drop_duplicates(s.LOCATION_ID)
    share = _province(demo, places[s.NIS]).value_counts(normalize=True)
    for province, expected in SHARE_2022.items():
        assert abs(share.get(province, 0.0) - expected) <= 0.01, (province, share)


def test_schools_are_in_the_towns(demo):
    places = demo.offerings.drop_duplicates(s.LOCATION_ID)
    mun = demo.municipalities.set_index(s.NIS)
    town = places[s.NIS].map(mun[s.NAME_NL]).value_counts()
    for name in CENTRUMSTEDEN:
        assert town.get(name, 0) >= 2, name
    for name in ("Brugge", "Roeselare", "Kortrijk", "Gent", "Hasselt", "Leuven"):
        assert town[name] >= 4, name
    assert town["Antwerpen"] == town.max()
    small = places[s.NIS].map(mun[s.POPULATION]) < 10_000
    assert small.mean() <= 0.05


def test_the_2018_19_programmes_of_the_calibration_have_their_learners(demo):
    off = demo.offerings[demo.offerings[s.SCHOOL_YEAR] == "2018-19"]
    per = off.groupby(s.PROGRAMME_ID)[s.LEARNERS].sum().sort_values(ascending=False)
    assert {p: int(per[p]) for p in LEARNERS_2018_19} == LEARNERS_2018_19
    top5 = ["SO-115", "SO-88", "SO-356", "SO-144", "SO-251"]
    assert per.index[:5].tolist() == top5
    assert per.iloc[5] < per.iloc[4]


def test_hair_care_stays_the_most_popular_programme(demo):
    for year in ("2019-20", "2021-22", school_year_of(demo.extract_date)):
        off = demo.offerings[demo.offerings[s.SCHOOL_YEAR] == year]
        per = off.groupby(s.PROGRAMME_ID)[s.LEARNERS].sum()
        assert per.idxmax() == "SO-115", year


def test_no_offering_learner_or_recognition_outside_the_programme_validity(demo):
    end = demo.programmes.set_index(s.PROGRAMME_ID)[s.PROGRAMME_VALID_TO]
    off = demo.offerings
    starts = off[s.SCHOOL_YEAR].map(school_year_start)
    off_end = off[s.PROGRAMME_ID].map(end)
    assert not (off_end.notna() & (starts > off_end)).any()
    rec = demo.recognitions
    rec_end = rec[s.PROGRAMME_ID].map(end) + pd.Timedelta(days=1)
    assert not (rec_end.notna() & (rec[s.VALID_TO] > rec_end)).any()
    # A programme that ended has neither offer nor learners after its end.
    ended = end[end.notna() & (end < demo.extract_date)].index
    now = off[off[s.SCHOOL_YEAR] == school_year_of(demo.extract_date)]
    assert not now[s.PROGRAMME_ID].isin(ended).any()


def test_every_recognition_fits_the_main_activity_of_its_establishment(demo):
    main = demo.establishments.set_index(s.ESTABLISHMENT_NUMBER)[s.NACE_MAIN]
    prefixes = demo.programmes.set_index(s.PROGRAMME_ID)[s.NACE_PREFIXES]
    rec = demo.recognitions[[s.ESTABLISHMENT_NUMBER, s.PROGRAMME_ID]]
    code = rec[s.ESTABLISHMENT_NUMBER].map(main).to_numpy()
    wanted = rec[s.PROGRAMME_ID].map(prefixes).str.split(";").to_numpy()
    fits = np.array([c.startswith(tuple(w)) for c, w in zip(code, wanted, strict=True)])
    assert fits.all(), rec[~fits].head()


def test_hair_care_and_beauty_care_are_distinct_activities(demo):
    main = demo.establishments.set_index(s.ESTABLISHMENT_NUMBER)[s.NACE_MAIN]
    hair = demo.recognitions[demo.recognitions[s.PROGRAMME_ID] == "SO-115"]
    assert set(hair[s.ESTABLISHMENT_NUMBER].map(main)) == {"96021"}
    codes = set(demo.establishments[s.NACE_MAIN])
    assert {"96021", "96022"} <= codes and "96020" not in codes


def test_names_come_from_the_main_activity(demo):
    est = demo.establishments.sample(5000, random_state=12)
    for name, code in zip(est[s.NAME], est[s.NACE_MAIN], strict=True):
        assert name.startswith(trade_words(code)), (name, code)
    est = demo.establishments
    first = est[s.NAME].str.split(" ").str[0]
    assert set(first[est[s.NACE_MAIN] == "96021"]) == {"Kapsalon", "Haarstudio"}
    assert set(first[est[s.NACE_MAIN] == "96022"]) == {
        "Schoonheidssalon",
        "Beautycenter",
    }
    plumbing = est[s.NACE_MAIN].str.startswith("4322")
    assert set(first[plumbing]) == {"Sanitair", "Verwarming", "Installatietechniek"}
    assert not first[~plumbing].eq("Sanitair").any()
    assert not first[~est[s.NACE_MAIN].str.startswith("96021")].eq("Kapsalon").any()


def test_a_chain_keeps_to_one_trade(demo):
    est = demo.establishments
    keys = est[s.NACE_MAIN].map(trade_key)
    per = keys.groupby(est[s.ENTERPRISE_NUMBER]).nunique()
    assert (per == 1).all()
    assert (est[s.ENTERPRISE_NUMBER].value_counts() > 1).any()
