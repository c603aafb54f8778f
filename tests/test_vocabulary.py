"""One vocabulary: every shared concept is defined once, and every user of it (CLI,
pages, exports, features) goes through that definition.

These tests read the code as text where behaviour cannot show a duplicate (a second
copy of a rule gives the same answer until someone changes one of them).
"""

from __future__ import annotations

import ast
import re

import pytest

from radar.cli import build_parser
from radar.kernel import regions
from radar.kernel.paths import REPO_ROOT
from radar.policy.tables import GROUP_HEADERS, GROUPINGS, TABLE_REGIONS

SOURCES = sorted(
    p for folder in ("radar", "ui", "views") for p in (REPO_ROOT / folder).rglob("*.py")
) + [REPO_ROOT / "app.py"]


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


def _rel(path) -> str:
    return str(path.relative_to(REPO_ROOT))


def _subparser(name: str):
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices[name]


def _choices(parser, dest: str) -> list[str]:
    return list(next(a for a in parser._actions if a.dest == dest).choices)


def test_every_level_the_cli_offers_is_a_level():
    for slug in _choices(_subparser("supply-demand"), "level"):
        assert regions.level_of(slug).slug == slug
    for grouping in _choices(_subparser("table"), "by"):
        assert grouping in GROUPINGS
    region_ids = [g for g in GROUPINGS if g not in ("partnership", "programme")]
    assert region_ids == [lvl.id for lvl in TABLE_REGIONS]
    for lvl in TABLE_REGIONS:
        assert GROUP_HEADERS[lvl.id] == lvl.slug


def test_every_level_the_pages_offer_is_a_level():
    from views_levels import page_levels

    for page, options in page_levels().items():
        for value, label in options.items():
            if value in GROUPINGS and value not in [lvl.id for lvl in TABLE_REGIONS]:
                continue  # partnership, programme: groupings, not areas
            if value == "near":
                continue  # a radius around a lesplaats, not a level
            lvl = regions.level_of(value)
            assert label == lvl.label, (page, value)


def test_levels_are_found_by_id_and_by_dutch_slug_and_refuse_others():
    for lvl in regions.LEVELS:
        assert regions.level_of(lvl.id) is lvl
        assert regions.level_of(lvl.slug) is lvl
    with pytest.raises(ValueError, match="onbekend niveau"):
        regions.level_of("county")
    with pytest.raises(ValueError, match="geen regio"):
        regions.region_of("hex7")


LEVEL_WORDS = re.compile(
    r'(?:^|[{,])\s*"(provincie|arrondissement|gemeente|province)"\s*:', re.M
)


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_no_module_keeps_its_own_table_of_levels(path):
    if _rel(path) == "radar/kernel/regions.py":
        return
    hits = LEVEL_WORDS.findall(_text(path))
    assert not hits, f"{_rel(path)} maps level names itself: {hits}"


VALIDITY = re.compile(r"VALID_(FROM|TO)\]\s*(<=|<|>|>=)")


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_every_valid_on_date_rule_goes_through_the_calendar(path):
    if _rel(path) == "radar/kernel/calendar.py":
        return
    assert not VALIDITY.search(_text(path)), f"{_rel(path)} compares validity itself"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_school_years_come_from_the_calendar(path):
    if _rel(path) == "radar/kernel/calendar.py":
        return
    tree = ast.parse(_text(path))
    defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert not defined & {"school_year_of", "school_year_start", "active_on"}


DUTCH_BY_HAND = re.compile(r"""\.replace\(\s*["'][.,]["']\s*,\s*["'][.,\s]["']""")


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_dutch_numbers_are_formatted_in_one_place(path):
    if _rel(path) == "radar/kernel/format.py":
        return
    text = _text(path)
    for m in DUTCH_BY_HAND.finditer(text):
        line = text[: m.start()].count("\n") + 1
        src = text.splitlines()[line - 1]
        # Parsing input (a decimal comma into a float) is not formatting.
        assert "to_numeric" in src or "float(" in src, f"{_rel(path)}:{line}: {src}"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_only_the_paths_module_reads_the_environment(path):
    if _rel(path) == "radar/kernel/paths.py":
        return
    text = _text(path)
    assert "os.environ" not in text and "getenv" not in text, _rel(path)


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_paths_are_not_built_from_the_source_tree_outside_the_paths_module(path):
    if _rel(path) == "radar/kernel/paths.py":
        return
    assert "Path(__file__)" not in _text(path), _rel(path)


def _imports(path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(_text(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


RUNTIME = sorted((REPO_ROOT / "radar").rglob("*.py"))


@pytest.mark.parametrize("path", RUNTIME, ids=_rel)
def test_kernel_and_features_never_import_the_demo_or_the_benchmarks(path):
    rel = _rel(path)
    if rel.startswith(("radar/demo/", "radar/cli/")):
        return  # the demo itself, and the CLI edge that runs it
    for module in _imports(path):
        assert not module.startswith(("radar.demo", "benchmarks")), (rel, module)
        if module == "radar":
            pass
    text = _text(path)
    assert "from radar import demo" not in text, rel


@pytest.mark.parametrize("path", RUNTIME, ids=_rel)
def test_the_kernel_imports_no_feature(path):
    rel = _rel(path)
    if not rel.startswith("radar/kernel/"):
        return
    for module in _imports(path):
        if module.startswith("radar."):
            assert module.startswith("radar.kernel"), (rel, module)


@pytest.mark.parametrize("path", RUNTIME, ids=_rel)
def test_no_module_is_over_about_400_lines(path):
    assert len(_text(path).splitlines()) <= 420, _rel(path)
