"""Start the app as a subprocess on a free loopback port, for the browser tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tail(path: Path, limit: int = 6000) -> str:
    """The end of a log file (for failure messages)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-limit:]
    except OSError:
        return "(no server output)"


@contextlib.contextmanager
def streamlit_server(
    log_path: Path,
    env: Mapping[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
    port: int | None = None,
) -> Iterator[str]:
    """Run ``streamlit run app.py`` on loopback, wait until it is healthy, yield its
    base URL, and stop it afterwards. Fails the test with the server's output when it
    exits or is not healthy in time."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py"]
    cmd += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    cmd += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    cmd += list(extra_args)
    base = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=dict(env) if env is not None else os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {proc.returncode} before it was "
                    f"healthy.\n--- server output ---\n{tail(log_path)}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit not healthy on {base} after {START_TIMEOUT_S:.0f} s."
                    f"\n--- server output ---\n{tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
