"""Shared fixtures: the reference tables, the demo dataset, and a network guard.

Every test runs with non-loopback connections refused, so hidden network use fails
loudly instead of hanging.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pandas as pd
import pytest

from radar.demo.generator import generate
from radar.kernel import load
from radar.kernel.paths import DEMO_DIR

LOOPBACK = ("127.", "::1", "localhost")
_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else str(address)
    if self.family in (socket.AF_INET, socket.AF_INET6) and not str(host).startswith(
        LOOPBACK
    ):
        raise OSError(f"network access blocked in tests: {address!r}")
    _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(scope="session")
def reference() -> dict[str, pd.DataFrame]:
    return load.read_reference()


@pytest.fixture(scope="session")
def demo(reference: dict[str, pd.DataFrame], tmp_path_factory) -> load.Dataset:
    """The embedded demo dataset (data/demo as `make` builds it, else generated)."""
    if load.is_dataset(DEMO_DIR):
        return load.load_dataset(DEMO_DIR)
    path = Path(tmp_path_factory.mktemp("demo")) / "demo"
    load.write_dataset(generate(reference), path)
    return load.load_dataset(path)
