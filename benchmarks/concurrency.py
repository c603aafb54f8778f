"""Many sessions at once, without browsers: Streamlit's own websocket protocol.

Each simulated user opens ``/_stcore/stream`` on a real ``streamlit run`` server, as
the browser does, asks for Vraag & aanbod (a ``rerun_script`` BackMsg), then changes
the programme again and again (the select box's widget state, found in the page's
messages), waiting each time for ``script_finished``. So the server does all it does
for a browser: the page run, protobuf serialisation, the websocket writes. What it
does not measure: the browser's own work (parsing, deck.gl drawing), which is what
saturates this machine when 20 chromiums run (see tests/e2e/test_perf.py).

- *capacity*: S sessions changing programme back to back for a fixed time; changes
  per second over all sessions (one server process, and two processes with the
  sessions split between them, the set-up behind a proxy: README "Scaling").

Programmes are taken in the select box's order, session i the i-th, then every S-th:
no two sessions ask for the same one close together, and a programme comes back only
after all others (``st.cache_data`` keeps the last 32), so every change is a cache
miss, as for a user asking something new. Each measurement gets fresh servers.
- *20 simultaneous sessions*: 20 sessions each send one programme change at the same
  moment; the latency each sees (median, max): the wait of the last in line.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from typing import Any

# The benchmark drives Streamlit from outside, as a browser does (a dev tool).
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

PAGE = "vraag-aanbod"
PROGRAMME_KEY = "sd.programme"


@dataclass(frozen=True)
class Load:
    """What a load test saw."""

    sessions: int
    processes: int
    changes: int
    seconds: float
    latencies_ms: tuple[float, ...]

    @property
    def per_second(self) -> float:
        return self.changes / self.seconds if self.seconds else 0.0


class Session:
    """One simulated user on one server."""

    def __init__(self, base: str) -> None:
        self.url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.widget_id = ""
        self.options: list[str] = []
        self.ws: Any = None

    async def open(self, query: str) -> float:
        """Connect, run the page; return the ms to script_finished."""
        import websockets
        from websockets.typing import Subprotocol

        self.ws = await websockets.connect(
            self.url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=60,
        )
        return await self._rerun(query, [])

    async def change(self, k: int) -> float:
        """Choose the k-th programme (modulo the options); return the ms it took."""
        state = WidgetState(id=self.widget_id)
        state.string_value = self.options[k % len(self.options)]
        return await self._rerun("", [state])

    async def _rerun(self, query: str, states: list[WidgetState]) -> float:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = PAGE
        msg.rerun_script.widget_states.widgets.extend(states)
        t0 = time.perf_counter()
        assert self.ws is not None
        await self.ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            if fwd.HasField("delta") and fwd.delta.HasField("new_element"):
                box = fwd.delta.new_element.selectbox
                if box.id.endswith(PROGRAMME_KEY):
                    self.widget_id, self.options = box.id, list(box.options)
            if fwd.HasField("script_finished"):
                return (time.perf_counter() - t0) * 1000

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def _open_all(bases: list[str], n: int) -> list[Session]:
    sessions = [Session(bases[i % len(bases)]) for i in range(n)]
    for i, session in enumerate(sessions):  # one at a time: a first visit each
        await session.open("")
        assert session.widget_id, "no programme select box on Vraag & aanbod"
        await session.change(i)  # leave the default programme
    return sessions


async def _capacity(bases: list[str], n: int, seconds: float) -> Load:
    sessions = await _open_all(bases, n)
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def user(i: int, session: Session) -> None:
        k = i + n  # session i takes programmes i, i + n, i + 2n, ...: no overlap
        while time.perf_counter() < stop:
            latencies.append(await session.change(k))
            k += n

    t0 = time.perf_counter()
    await asyncio.gather(*(user(i, s) for i, s in enumerate(sessions)))
    elapsed = time.perf_counter() - t0
    for session in sessions:
        await session.close()
    return Load(n, len(bases), len(latencies), elapsed, tuple(latencies))


async def _burst(bases: list[str], n: int, rounds: int) -> Load:
    sessions = await _open_all(bases, n)
    latencies: list[float] = []
    t0 = time.perf_counter()
    for r in range(rounds):
        got = await asyncio.gather(
            *(s.change(i + n * (r + 1)) for i, s in enumerate(sessions))
        )
        latencies.extend(got)
    elapsed = time.perf_counter() - t0
    for session in sessions:
        await session.close()
    return Load(n, len(bases), len(latencies), elapsed, tuple(latencies))


def capacity(bases: list[str], sessions: int, seconds: float) -> Load:
    """Programme changes per second with ``sessions`` busy users over ``bases``."""
    return asyncio.run(_capacity(bases, sessions, seconds))


def burst(bases: list[str], sessions: int = 20, rounds: int = 2) -> Load:
    """Latency of ``sessions`` programme changes sent at the same moment."""
    return asyncio.run(_burst(bases, sessions, rounds))


def describe(load: Load) -> str:
    """One line: changes/s and latency median and max."""
    lat = sorted(load.latencies_ms)
    return (
        f"{load.per_second:.1f} wijzigingen/s; wachttijd mediaan "
        f"{statistics.median(lat):,.0f} ms, max {lat[-1]:,.0f} ms"
        if lat
        else "geen metingen"
    )
