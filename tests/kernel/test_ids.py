import numpy as np
import pytest

from radar.kernel.ids import (
    digits_only,
    is_enterprise_number,
    is_establishment_number,
    make_numbers,
)


@pytest.mark.parametrize(
    ("number", "enterprise", "establishment"),
    [
        ("0200.065.765", True, False),  # a real KBO enterprise number
        ("0200065765", True, False),  # dots are optional
        ("BE 0200.065.765", True, False),
        ("0200.065.766", False, False),  # check digits off by one
        ("0200.065.76", False, False),  # nine digits
        ("2.000.000.339", False, True),  # a real establishment number
        ("2.000.000.340", False, False),
        ("3.000.000.339", False, False),
        ("02OO.065.765", False, False),  # letters O instead of zeros
        ("", False, False),
    ],
)
def test_kbo_numbers_are_checked_by_prefix_and_mod_97(
    number, enterprise, establishment
):
    assert is_enterprise_number(number) is enterprise
    assert is_establishment_number(number) is establishment


def test_generated_numbers_pass_their_own_check():
    rng = np.random.default_rng(1)
    ent = make_numbers(rng.choice(np.arange(2_000_000, 9_999_999), 500), "enterprise")
    est = make_numbers(
        rng.choice(np.arange(20_000_000, 29_999_999), 500), "establishment"
    )
    assert all(is_enterprise_number(n) for n in ent)
    assert all(is_establishment_number(n) for n in est)
    assert all(len(digits_only(n)) == 10 for n in ent + est)
