"""A ``streamlit run app.py`` process for the benches: start, wait healthy, stop."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from radar.kernel.paths import ENV_DATA, REPO_ROOT

START_TIMEOUT_S = 180.0


class Server:
    """A running app: its base URL, start time and time to healthy (ms)."""

    def __init__(self, port: int, data_dir: Path, log: Path) -> None:
        self.base = f"http://127.0.0.1:{port}"
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py"]
        cmd += ["--server.headless", "true", "--server.address", "127.0.0.1"]
        cmd += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
        env = os.environ | {ENV_DATA: str(data_dir)}
        self.t0 = time.perf_counter()
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self.log = log
        self.healthy_ms = self._wait()

    def _wait(self) -> float:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit stopped: {self.log.read_text()[-2000:]}")
            try:
                url = f"{self.base}/_stcore/health"
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return (time.perf_counter() - self.t0) * 1000
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"streamlit not healthy on {self.base}")

    def since_start_ms(self) -> float:
        return (time.perf_counter() - self.t0) * 1000

    def peak_gb(self) -> float:
        """The process's peak resident memory so far (Linux ``VmHWM``), in GB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text(encoding="utf-8")
        kib = next(
            int(x.split()[1]) for x in status.splitlines() if x.startswith("VmHWM")
        )
        return kib / 1024**2

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@contextlib.contextmanager
def running(port: int, data_dir: Path, log: Path) -> Iterator[Server]:
    """A fresh server on ``port`` over ``data_dir``, stopped afterwards."""
    server = Server(port, data_dir, log)
    try:
        yield server
    finally:
        server.stop()
