"""Who may do what: roles, the user, the TOML role policy, and ``may``.

``may(user, action, programme)`` is the one place that answers "may this user do X";
the pages, the navigation and the exports all ask it. The role matrix is
``GRANTS`` (role -> action -> scope):

| action | kijker | consulent | accountmanager | beheerder |
| --- | --- | --- | --- | --- |
| Overzicht, Tabellen, Vraag & aanbod, Wat als | ja | ja | ja | ja |
| Prospectie (lijst, kaart, detail) | - | eigen partnerschappen | alle | alle |
| Prospectie-export (CSV, XLSX) | - | eigen partnerschappen | alle | alle |
| Opvolging bewerken | - | eigen partnerschappen | alle | alle |
| Data (inlezen, wissel, afgewezen rijen, audit) | - | - | - | ja |

The policy file maps users to roles by e-mail address or by a group claim of the ID
token (``data/access.example.toml``)::

    [settings]
    group_claim = "groups"

    [[rule]]
    email = "an.peeters@example.be"
    role = "beheerder"

    [[rule]]
    group = "sp-bouw"
    role = "consulent"
    partnerships = ["Bouw"]

A user matched by several rules gets every matched role (and the union of the
partnerships). Nobody is matched by default: a signed-in user without a rule sees
nothing but a refusal.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from radar.kernel.errors import RadarError

LOCAL_NAME = "lokale gebruiker"
LOCAL_KEY = "lokaal"
DEFAULT_GROUP_CLAIM = "groups"


class PolicyError(RadarError):
    """The role policy file is missing a field or holds an unknown value."""


class Role(StrEnum):
    """The four roles, from least to most access."""

    KIJKER = "kijker"
    CONSULENT = "consulent"
    ACCOUNTMANAGER = "accountmanager"
    BEHEERDER = "beheerder"


class Action(StrEnum):
    """Everything the app guards: its pages and the actions inside them."""

    OVERVIEW = "overzicht"
    TABLES = "tabellen"
    SUPPLY_DEMAND = "vraag-aanbod"
    SCENARIO = "wat-als"
    PROSPECTS = "prospectie"
    EXPORT_PROSPECTS = "prospectie-export"
    FOLLOWUP = "opvolging"
    DATA = "data"


class Scope(StrEnum):
    """How far a grant reaches: every programme, or those of the user's partnerships."""

    ALL = "alle"
    PARTNERSHIPS = "eigen partnerschappen"


_VIEW = {
    Action.OVERVIEW: Scope.ALL,
    Action.TABLES: Scope.ALL,
    Action.SUPPLY_DEMAND: Scope.ALL,
    Action.SCENARIO: Scope.ALL,
}
_PROSPECT = (Action.PROSPECTS, Action.EXPORT_PROSPECTS, Action.FOLLOWUP)
GRANTS: dict[Role, dict[Action, Scope]] = {
    Role.KIJKER: dict(_VIEW),
    Role.CONSULENT: _VIEW | {a: Scope.PARTNERSHIPS for a in _PROSPECT},
    Role.ACCOUNTMANAGER: _VIEW | {a: Scope.ALL for a in _PROSPECT},
    Role.BEHEERDER: _VIEW
    | {a: Scope.ALL for a in _PROSPECT}
    | {Action.DATA: Scope.ALL},
}
"""The role matrix: what each role may do, and for which programmes."""

ACTION_LABELS = {
    Action.OVERVIEW: "de pagina Overzicht",
    Action.TABLES: "de pagina Tabellen",
    Action.SUPPLY_DEMAND: "de pagina Vraag & aanbod",
    Action.SCENARIO: "de pagina Wat als",
    Action.PROSPECTS: "de pagina Prospectie",
    Action.EXPORT_PROSPECTS: "het exporteren van een prospectielijst",
    Action.FOLLOWUP: "het bewerken van de opvolging",
    Action.DATA: "de pagina Data",
}
"""Dutch names of the actions, for refusals and the audit trail."""


@dataclass(frozen=True)
class Programme:
    """A programme as the policy sees it: its id and competent sector partnership."""

    programme_id: str
    partnership: str


@dataclass(frozen=True)
class User:
    """A signed-in (or the local) user: a display name, a pseudonymous key, roles.

    ``name`` and ``key`` are what the audit trail and the follow-up record; neither
    is an e-mail address (a name that looks like one is replaced by the key).
    """

    name: str
    key: str
    roles: frozenset[Role] = frozenset()
    partnerships: frozenset[str] = frozenset()
    local: bool = False

    @property
    def role_label(self) -> str:
        """The roles, most access first, as one Dutch word list ("geen" if none)."""
        ordered = [r.value for r in reversed(Role) if r in self.roles]
        return ", ".join(ordered) if ordered else "geen"


def local_user() -> User:
    """The one user of an installation without login (loopback): a beheerder."""
    return User(LOCAL_NAME, LOCAL_KEY, frozenset({Role.BEHEERDER}), local=True)


def may(user: User | None, action: Action, programme: Programme | None = None) -> bool:
    """May ``user`` do ``action`` (for ``programme``, when the action concerns one)?

    Without a programme the question is whether the user may use the action at all
    (a consultant may open Prospectie); with one, a grant limited to the user's
    partnerships needs the programme's partnership among them.

    >>> c = User("C", "u-1", frozenset({Role.CONSULENT}), frozenset({"Bouw"}))
    >>> may(c, Action.PROSPECTS), may(c, Action.DATA)
    (True, False)
    >>> may(c, Action.PROSPECTS, Programme("SO-1", "Bouw"))
    True
    >>> may(c, Action.EXPORT_PROSPECTS, Programme("SO-115", "Kappers"))
    False
    """
    if user is None:
        return False
    for role in user.roles:
        scope = GRANTS[role].get(action)
        if scope is Scope.ALL:
            return True
        if (
            scope is Scope.PARTNERSHIPS
            and user.partnerships
            and (programme is None or programme.partnership in user.partnerships)
        ):
            return True
    return False


def allowed_programmes(
    user: User | None, action: Action, catalogue: Mapping[str, str]
) -> list[str]:
    """The programme ids (of ``catalogue``: id -> partnership) ``user`` may use for
    ``action``, in catalogue order."""
    return [
        pid
        for pid, partnership in catalogue.items()
        if may(user, action, Programme(pid, partnership))
    ]


@dataclass(frozen=True)
class Rule:
    """One line of the policy: who (e-mails and/or groups) gets which role."""

    role: Role
    emails: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    partnerships: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Policy:
    """The parsed role policy: the group claim's name and the rules."""

    rules: tuple[Rule, ...] = ()
    group_claim: str = DEFAULT_GROUP_CLAIM
    source: str = field(default="", compare=False)

    def user(self, claims: Mapping[str, Any]) -> User:
        """The user the ID-token ``claims`` describe, with every role that matches."""
        email = str(claims.get("email") or "").strip().lower()
        groups = _strings(claims.get(self.group_claim))
        roles: set[Role] = set()
        partnerships: set[str] = set()
        for rule in self.rules:
            if (email and email in rule.emails) or (groups & rule.groups):
                roles.add(rule.role)
                partnerships |= rule.partnerships
        return User(
            display_name(claims),
            pseudonym(claims),
            frozenset(roles),
            frozenset(partnerships),
        )


def pseudonym(claims: Mapping[str, Any]) -> str:
    """A stable key for a user that reveals nothing: a hash of issuer and subject.

    >>> pseudonym({"iss": "https://idp", "sub": "42"})
    'u-a163db0a6408'
    """
    raw = f"{claims.get('iss', '')}|{claims.get('sub', '')}".encode()
    return "u-" + hashlib.sha256(raw).hexdigest()[:12]


def display_name(claims: Mapping[str, Any]) -> str:
    """The ``name`` claim (else ``given_name`` and ``family_name``, as ACM/IDM sends
    them), or "gebruiker <key>" when there is none or it is an e-mail address.

    >>> display_name({"name": "An Peeters"})
    'An Peeters'
    >>> display_name({"name": "a@b.be", "sub": "1"})
    'gebruiker u-b75c34545e8c'
    """
    parts = (claims.get("given_name"), claims.get("family_name"))
    name = str(claims.get("name") or " ".join(str(p) for p in parts if p)).strip()
    if not name or "@" in name:
        return f"gebruiker {pseudonym(claims)}"
    return name[:80]


def _strings(value: object) -> set[str]:
    """A claim or policy field as a set of strings (one string, or a list)."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    if isinstance(value, Iterable):
        return {str(v) for v in value}
    return {str(value)}


def parse_policy(
    text: str, known_partnerships: Collection[str] | None = None, source: str = ""
) -> Policy:
    """Parse and check a TOML policy; ``PolicyError`` names the first problem.

    >>> p = parse_policy('[[rule]]\\nemail = "A@x.be"\\nrole = "kijker"')
    >>> sorted(p.user({"email": "a@x.be"}).roles)
    [<Role.KIJKER: 'kijker'>]
    """
    where = source or "toegangsbeleid"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{where}: geen geldige TOML ({exc})") from exc
    unknown = set(data) - {"settings", "rule"}
    if unknown:
        raise PolicyError(f"{where}: onbekende sectie(s) {', '.join(sorted(unknown))}")
    settings = data.get("settings", {})
    if not isinstance(settings, dict) or set(settings) - {"group_claim"}:
        raise PolicyError(f"{where}: [settings] kent enkel group_claim")
    claim = settings.get("group_claim", DEFAULT_GROUP_CLAIM)
    if not isinstance(claim, str) or not claim:
        raise PolicyError(f"{where}: group_claim moet een naam zijn")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise PolicyError(f"{where}: schrijf regels als [[rule]]")
    rules = tuple(
        _rule(raw, f"{where}, regel {n}", known_partnerships)
        for n, raw in enumerate(raw_rules, start=1)
    )
    return Policy(rules, claim, source)


def _rule(raw: object, where: str, known_partnerships: Collection[str] | None) -> Rule:
    if not isinstance(raw, dict):
        raise PolicyError(f"{where}: geen tabel")
    extra = set(raw) - {"email", "group", "role", "partnerships"}
    if extra:
        raise PolicyError(f"{where}: onbekend veld {', '.join(sorted(extra))}")
    try:
        role = Role(str(raw.get("role")))
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise PolicyError(
            f"{where}: onbekende rol {raw.get('role')!r} (kies uit {choices})"
        ) from None
    emails = frozenset(e.strip().lower() for e in _strings(raw.get("email")))
    groups = frozenset(_strings(raw.get("group")))
    if not emails and not groups:
        raise PolicyError(f"{where}: geef een email of een group")
    partnerships = frozenset(_strings(raw.get("partnerships")))
    if role is Role.CONSULENT and not partnerships:
        raise PolicyError(f"{where}: een consulent heeft partnerships nodig")
    if role is not Role.CONSULENT and partnerships:
        raise PolicyError(f"{where}: enkel een consulent heeft partnerships")
    if known_partnerships is not None:
        unknown = sorted(partnerships - set(known_partnerships))
        if unknown:
            raise PolicyError(f"{where}: onbekend partnerschap {', '.join(unknown)}")
    return Rule(role, emails, groups, partnerships)


def load_policy(
    path: Path, known_partnerships: Collection[str] | None = None
) -> Policy:
    """Read the policy file at ``path``; ``PolicyError`` when missing or invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"toegangsbeleid {path.name} niet gevonden") from exc
    return parse_policy(text, known_partnerships, source=path.name)
