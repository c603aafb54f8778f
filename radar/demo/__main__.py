"""``python -m radar.demo``: bring the demo dataset up to date (``make run``/``test``).

Regenerates ``data/demo`` (``Paths.demo``) when it is missing or its fingerprint
differs from the current generator, reference tables and parameters; else says it
is current. Cheap when nothing changed: it reads the reference tables and hashes.
"""

from __future__ import annotations

import sys

from radar.demo import ensure_demo
from radar.kernel.paths import Paths


def main() -> int:
    """Check, and regenerate when stale, the demo folder of the environment."""
    paths = Paths.from_env()
    if ensure_demo(paths.demo, paths.reference):
        print(f"demodata (opnieuw) gegenereerd in {paths.demo}", file=sys.stderr)
    else:
        print(f"demodata in {paths.demo} is actueel", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
