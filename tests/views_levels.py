"""The level and grouping options each page offers, read from the page modules'
module-level dictionaries without running Streamlit."""

from __future__ import annotations

import ast

from radar.kernel.paths import REPO_ROOT

OPTION_TABLES = {
    "views/supply_demand.py": "LEVELS",
    "views/prospects.py": "LEVELS",
    "views/tables.py": "GROUPINGS",
}


def page_levels() -> dict[str, dict[str, str]]:
    """Evaluate each page's option table (value -> label) in isolation."""
    out = {}
    for page, name in OPTION_TABLES.items():
        tree = ast.parse((REPO_ROOT / page).read_text(encoding="utf-8"))
        imports = [n for n in tree.body if isinstance(n, ast.ImportFrom)]
        assign = next(
            n
            for n in tree.body
            if isinstance(n, ast.Assign)
            and any(getattr(t, "id", None) == name for t in n.targets)
        )
        module = ast.Module(
            body=[i for i in imports if i.module and i.module.startswith("radar")]
            + [assign],
            type_ignores=[],
        )
        scope: dict[str, object] = {}
        exec(compile(module, page, "exec"), scope)  # noqa: S102 (our own source)
        out[page] = dict(scope[name])  # type: ignore[call-overload]
    return out
