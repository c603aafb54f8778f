"""The warm-up of a fresh server computes what Vraag & aanbod's first visit asks for."""

from __future__ import annotations

import threading

from util import open_page

from ui import cache, page_cache, warmup


def test_the_warm_up_starts_once_per_process_and_dataset(monkeypatch):
    calls: list[str] = []
    done = threading.Event()

    def fake(path: str) -> None:
        calls.append(path)
        done.set()

    monkeypatch.setattr(warmup, "_warm", fake)
    monkeypatch.setattr(warmup, "_started", set())
    for path in ("/a", "/a", "/b", "/a"):
        warmup.start(path)
    assert done.wait(5)
    for _ in range(50):
        if len(calls) == 2:
            break
        threading.Event().wait(0.05)
    assert sorted(calls) == ["/a", "/b"]


def test_the_warm_up_asks_what_the_first_visit_asks(monkeypatch):
    """Same arguments as the page's first run: else the warm-up fills cache entries
    nobody reads."""
    asked: dict[str, dict[str, list[tuple]]] = {"page": {}, "warm-up": {}}
    who = ["page"]
    for name in ("supply_demand", "hexagon_access"):
        real = getattr(cache, name)

        def record(*args, _name=name, _real=real):
            asked[who[0]].setdefault(_name, []).append(args)
            return _real(*args)

        monkeypatch.setattr(cache, name, record)
    page_cache.sd_view.clear()  # the page's cached map would skip the calls
    open_page("views/supply_demand.py")
    who[0] = "warm-up"
    warmup._warm(str(cache.data_dir()))
    for name in ("supply_demand", "hexagon_access"):
        assert asked["warm-up"][name][0] == asked["page"][name][0], name
