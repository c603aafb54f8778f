"""Place names: search by name or postcode, hexagons named after a gemeente, the
centrumsteden labels. Small hand-made reference tables with answers known by hand."""

from __future__ import annotations

import h3
import numpy as np
import pandas as pd
import pytest

from radar.kernel.placenames import (
    CENTRUMSTEDEN,
    LABELLED,
    Place,
    cell_municipalities,
    find_places,
    labelled_places,
    near_place,
    nearest_municipality,
    normalise,
)

# Five gemeenten at their real points (rounded), and postcodes: 1040 covers two of
# them (as in Brussels), 9999 points to a gemeente that is not in the reference.
TOWNS = pd.DataFrame(
    {
        "nis": ["46021", "36015", "46029", "43018", "21004"],
        "name_nl": ["Sint-Niklaas", "Roeselare", "Zele", "Zelzate", "Brussel"],
        "lat": [51.165, 50.946, 51.066, 51.200, 50.847],
        "lng": [4.143, 3.123, 4.040, 3.810, 4.357],
    }
)
POSTCODES = pd.DataFrame(
    {
        "postcode": ["9100", "9111", "8800", "1040", "1040", "9999"],
        "nis": ["46021", "46021", "36015", "21004", "43018", "99999"],
        "lat": [51.170, 51.140, 50.946, 50.840, 51.199, 50.0],
        "lng": [4.140, 4.180, 3.123, 4.390, 3.811, 4.0],
    }
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Sint-Niklaas", "sint niklaas"),
        ("st niklaas", "sint niklaas"),
        ("St.-Niklaas", "sint niklaas"),
        ("ST. NIKLAAS", "sint niklaas"),
        ("Sint Niklaas ", "sint niklaas"),
        ("Écaussinnes", "ecaussinnes"),
        ("Kortrijk", "kortrijk"),
        ("Stekene", "stekene"),  # "St" inside a word stays as it is
        ("", ""),
    ],
)
def test_normalise_ignores_case_accents_punctuation_and_the_st_abbreviation(
    raw, folded
):
    assert normalise(raw) == folded


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Roeselare", ["36015"]),
        ("roeselare", ["36015"]),
        ("ROESELARE ", ["36015"]),
        ("St.-Niklaas", ["46021"]),
        ("st niklaas", ["46021"]),
        ("niklaas", ["46021"]),  # part of a name
        # "Zele" is exact, "Zelzate" only starts with it: the exact match first
        ("zele", ["46029"]),
        ("zel", ["46029", "43018"]),
        ("8800", ["36015"]),
        ("9111", ["46021"]),
        ("1040", ["21004", "43018"]),  # one postcode, two gemeenten
        ("46029", ["46029"]),  # a NIS code
        ("9999", []),  # postcode of a gemeente outside the reference
        ("Atlantis", []),
        ("", []),
        ("  -. ", []),
    ],
)
def test_find_places_by_name_postcode_or_nis(query, expected):
    assert [p.nis for p in find_places(query, TOWNS, POSTCODES)] == expected


def test_a_postcode_centres_on_the_postcode_point_and_names_it():
    (place,) = find_places("9111", TOWNS, POSTCODES)
    assert place == Place("46021", "Sint-Niklaas", 51.140, 4.180, "9111")
    assert place.label == "9111 Sint-Niklaas"
    (by_name,) = find_places("Sint-Niklaas", TOWNS, POSTCODES)
    assert (by_name.lat, by_name.lng, by_name.label) == (51.165, 4.143, "Sint-Niklaas")


def test_nearest_municipality_picks_the_closest_gemeente_point():
    # Just east of Roeselare, between Zele and Sint-Niklaas (nearer Zele), Brussels.
    lat = np.array([50.95, 51.08, 50.85])
    lng = np.array([3.15, 4.06, 4.36])
    assert list(nearest_municipality(lat, lng, TOWNS)) == ["36015", "46029", "21004"]
    assert len(nearest_municipality(np.array([]), np.array([]), TOWNS)) == 0


def test_cells_are_named_by_their_known_gemeente_else_the_nearest_point():
    roeselare = h3.latlng_to_cell(50.946, 3.123, 7)
    zele = h3.latlng_to_cell(51.066, 4.040, 7)
    brussel = h3.latlng_to_cell(50.847, 4.357, 7)
    # The cell at Roeselare's point is known to lie mostly in Zelzate (the mapping
    # wins over geometry); the others are not known and go to the nearest point.
    known = {roeselare: "43018"}
    out = cell_municipalities([zele, roeselare, brussel], known, TOWNS)
    assert list(out["nis"]) == ["46029", "43018", "21004"]
    assert list(out["name"]) == ["Zele", "Zelzate", "Brussel"]


def test_cells_none_of_which_is_known_are_all_named_by_the_nearest_point():
    zele = h3.latlng_to_cell(51.066, 4.040, 7)
    brussel = h3.latlng_to_cell(50.847, 4.357, 7)
    known = pd.Series({"87194d002ffffff": "36015"})
    out = cell_municipalities(pd.Series([brussel, zele]), known, TOWNS)
    assert list(out["nis"]) == ["21004", "46029"]
    assert list(out["name"]) == ["Brussel", "Zele"]


def test_near_place_keeps_the_gemeente_and_what_lies_within_the_radius():
    place = Place("36015", "Roeselare", 50.946, 3.123)
    # 0.09 degrees of latitude is 10.0 km: inside 10.5 km, outside 9.5 km.
    lat = np.array([50.946, 51.036, 51.300, 51.300])
    lng = np.array([3.123, 3.123, 3.123, 3.123])
    nis = np.array(["36015", "99999", "99999", "36015"])
    assert list(near_place(lat, lng, nis, place, 10.5)) == [True, True, False, True]
    assert list(near_place(lat, lng, nis, place, 9.5)) == [True, False, False, True]
    assert list(near_place(lat, lng, None, place, 9.5)) == [True, False, False, False]


def test_labelled_places_are_the_13_centrumsteden_and_brussel():
    assert len(CENTRUMSTEDEN) == 13 and LABELLED[-1] == "Brussel"
    found = labelled_places(TOWNS)
    # Only those in the reference, in the order of the list.
    assert list(found["name"]) == ["Roeselare", "Sint-Niklaas", "Brussel"]
    assert list(found["nis"]) == ["36015", "46021", "21004"]


def test_every_labelled_place_is_in_the_packaged_reference(reference):
    found = labelled_places(reference["municipalities"])
    assert list(found["name"]) == list(LABELLED)
    assert found["lat"].between(50.6, 51.6).all()
