"""The role policy: parsing, matching users, the role matrix, and the rule that a
consultant never reaches a programme outside their partnerships."""

from __future__ import annotations

import pandas as pd
import pytest

from radar.access.policy import (
    GRANTS,
    Action,
    PolicyError,
    Programme,
    Role,
    Scope,
    User,
    allowed_programmes,
    display_name,
    load_policy,
    local_user,
    may,
    parse_policy,
    pseudonym,
)
from radar.kernel.paths import REFERENCE_DIR, REPO_ROOT

PARTNERSHIPS = set(pd.read_csv(REFERENCE_DIR / "partnerships.csv")["name"])
CATALOGUE = dict(
    pd.read_csv(REFERENCE_DIR / "programmes.csv")[
        ["code", "sector_partnership"]
    ].itertuples(index=False, name=None)
)
POLICY = """
[settings]
group_claim = "roles"

[[rule]]
email = "Kim@Example.be"
role = "kijker"

[[rule]]
group = ["sp-bouw", "sp-bouw-2"]
role = "consulent"
partnerships = ["Bouw"]

[[rule]]
group = "sp-horeca"
role = "consulent"
partnerships = ["Horeca"]

[[rule]]
group = "radar-am"
role = "accountmanager"

[[rule]]
email = ["ben@example.be"]
role = "beheerder"
"""


@pytest.fixture(scope="module")
def policy():
    return parse_policy(POLICY, PARTNERSHIPS)


def test_the_sample_policy_file_is_valid_against_the_reference():
    sample = load_policy(REPO_ROOT / "data" / "access.example.toml", PARTNERSHIPS)
    assert {r.role for r in sample.rules} == set(Role)


def test_users_match_by_email_case_insensitively_and_by_group_claim(policy):
    kim = policy.user({"sub": "1", "email": "kim@example.BE", "name": "Kim"})
    assert kim.roles == {Role.KIJKER} and kim.name == "Kim"
    cons = policy.user({"sub": "2", "roles": "sp-bouw-2"})
    assert cons.roles == {Role.CONSULENT} and cons.partnerships == {"Bouw"}
    both = policy.user({"sub": "3", "roles": ["sp-horeca", "sp-bouw", "radar-am"]})
    assert both.roles == {Role.CONSULENT, Role.ACCOUNTMANAGER}
    assert both.partnerships == {"Bouw", "Horeca"}
    assert both.role_label == "accountmanager, consulent"
    nobody = policy.user({"sub": "4", "email": "x@example.be", "groups": ["radar-am"]})
    assert nobody.roles == frozenset()  # "groups" is not the configured claim
    assert not may(nobody, Action.OVERVIEW)


def test_the_user_carries_no_email_address(policy):
    user = policy.user({"sub": "5", "email": "ben@example.be", "name": "ben@x.be"})
    assert user.roles == {Role.BEHEERDER}
    assert "@" not in user.name and "@" not in user.key
    assert user.key == pseudonym({"sub": "5"}) and user.key.startswith("u-")
    assert display_name({"given_name": "An", "family_name": "Peeters"}) == "An Peeters"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[rule]]\nrole = 'kijker'", "geef een email of een group"),
        ("[[rule]]\nemail = 'a@b'\nrole = 'admin'", "onbekende rol 'admin'"),
        ("[[rule]]\ngroup = 'g'\nrole = 'consulent'", "partnerships nodig"),
        (
            "[[rule]]\ngroup = 'g'\nrole = 'kijker'\npartnerships = ['Bouw']",
            "enkel een consulent",
        ),
        (
            "[[rule]]\ngroup = 'g'\nrole = 'consulent'\npartnerships = ['Bowu']",
            "onbekend partnerschap Bowu",
        ),
        ("[[rule]]\ngroup = 'g'\nrole = 'kijker'\nmail = 'x'", "onbekend veld mail"),
        ("[users]\n", "onbekende sectie(s) users"),
        ("[settings]\ngroup_claim = ''", "group_claim"),
        ("rule = 3", "schrijf regels als [[rule]]"),
        ("[[rule]\n", "geen geldige TOML"),
    ],
)
def test_a_wrong_policy_is_refused_with_the_rule_named(text, message):
    with pytest.raises(PolicyError, match="regel 1|toegangsbeleid") as info:
        parse_policy(text, PARTNERSHIPS)
    assert message in str(info.value)


def test_a_missing_policy_file_is_an_error(tmp_path):
    with pytest.raises(PolicyError, match="niet gevonden"):
        load_policy(tmp_path / "access.toml")


MATRIX = {
    # action: (kijker, consulent, accountmanager, beheerder)
    Action.OVERVIEW: (True, True, True, True),
    Action.TABLES: (True, True, True, True),
    Action.SUPPLY_DEMAND: (True, True, True, True),
    Action.SCENARIO: (True, True, True, True),
    Action.PROSPECTS: (False, True, True, True),
    Action.EXPORT_PROSPECTS: (False, True, True, True),
    Action.FOLLOWUP: (False, True, True, True),
    Action.DATA: (False, False, False, True),
}


def test_the_role_matrix():
    assert set(MATRIX) == set(Action)
    for action, expected in MATRIX.items():
        for role, allowed in zip(Role, expected, strict=True):
            user = User("x", "u-x", frozenset({role}), frozenset({"Bouw"}))
            assert may(user, action) is allowed, (role, action)
    assert GRANTS[Role.CONSULENT][Action.PROSPECTS] is Scope.PARTNERSHIPS
    assert not may(None, Action.OVERVIEW)
    assert may(local_user(), Action.DATA) and local_user().local


@pytest.mark.parametrize("partnership", sorted(PARTNERSHIPS))
def test_a_consultant_never_reaches_a_programme_of_another_partnership(partnership):
    user = User("c", "u-c", frozenset({Role.CONSULENT}), frozenset({partnership}))
    for action in (Action.PROSPECTS, Action.EXPORT_PROSPECTS, Action.FOLLOWUP):
        mine = allowed_programmes(user, action, CATALOGUE)
        assert mine, partnership
        assert {CATALOGUE[p] for p in mine} == {partnership}
        for pid, other in CATALOGUE.items():
            assert may(user, action, Programme(pid, other)) is (other == partnership)


def test_account_managers_and_beheerders_reach_every_programme():
    for role in (Role.ACCOUNTMANAGER, Role.BEHEERDER):
        user = User("a", "u-a", frozenset({role}))
        assert allowed_programmes(user, Action.EXPORT_PROSPECTS, CATALOGUE) == list(
            CATALOGUE
        )
    viewer = User("k", "u-k", frozenset({Role.KIJKER}))
    assert allowed_programmes(viewer, Action.PROSPECTS, CATALOGUE) == []
