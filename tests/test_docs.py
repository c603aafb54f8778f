"""Documentation tests: every setting, column and command is documented."""

from __future__ import annotations

from dataclasses import fields

import pytest

from radar.cli import build_parser
from radar.kernel import paths
from radar.kernel import schema as s
from radar.kernel.paths import REPO_ROOT
from radar.kernel.settings import Limits, Settings

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
DATA_README = (REPO_ROOT / "data" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_is_in_the_readme(name):
    assert f"`{name}`" in README


@pytest.mark.parametrize("name", [f.name for f in fields(Limits)])
def test_every_limit_is_in_the_readme(name):
    assert f"`{name}`" in README


@pytest.mark.parametrize(
    "name", [paths.ENV_DATA, paths.ENV_LOCAL, paths.ENV_BOUNDARIES]
)
def test_every_environment_variable_is_in_the_readme(name):
    assert f"`{name}`" in README


def test_every_module_the_readme_names_exists():
    import re

    for doc in (README, DATA_README):
        for name in re.findall(r"`((?:radar|benchmarks|ui|views)/[\w/]+\.py)`", doc):
            assert (REPO_ROOT / name).is_file(), name


@pytest.mark.parametrize(
    ("table", "column"),
    [(t.name, c) for t in s.TABLES.values() for c in t.columns],
)
def test_every_schema_column_is_in_the_data_dictionary(table, column):
    section = DATA_README.split(f"### {table}")[1].split("### ")[0]
    assert f"`{column}`" in section


def test_every_cli_command_is_in_the_readme():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    for name in commands:
        assert f"python -m radar {name}" in README


def test_readme_shows_the_two_commands():
    assert "make run" in README and "make test" in README


def _readme_terms() -> list[str]:
    import re

    section = README.split("\n## Begrippen\n")[1].split("\n## ")[0]
    return re.findall(r"^- \*\*(.+?)\*\*", section, re.M)


def test_the_readme_begrippen_are_the_apps_glossary():
    from ui.glossary import TERMS

    app_terms = [term for _, term, _ in TERMS]
    assert len(app_terms) == len(set(app_terms))
    assert sorted(_readme_terms()) == sorted(app_terms)


def test_every_glossary_formula_belongs_to_a_term():
    from ui.glossary import FORMULAS, TERMS

    assert set(FORMULAS) <= {term for _, term, _ in TERMS}


def test_the_glossary_states_the_parameters_in_use():
    from ui.help import glossary

    custom = Settings(catchment_km=30.0, shortage_tau=1.5, suppress_k=7)
    text = {term: body + (formula or "") for _, term, body, formula in glossary(custom)}
    assert "30 km" in text["Catchment"] and "25 km" not in text["Catchment"]
    assert "tau = 1,5" in text["Tekortstraal"]
    assert "standaard 7" in text["Afscherming (K)"]
    # The Gaussian's weight at half the catchment, worked out by hand: 70 %.
    assert "op 15 km nog voor 70 %" in text["Bereikbaarheid (E2SFCA)"]
    assert "{" not in "".join(text.values())
