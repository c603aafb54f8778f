"""Pick the reader of a source and turn every way a file can be unreadable into one
``DataError`` naming the user's file; refuse an input without usable rows.

A reader returns a ``Parsed`` whose rows add up (read = kept + rejected + skipped) or
raises ``DataError``. Archives that are damaged, text the csv machinery cannot read and
the like arrive here as library exceptions and leave as a Dutch message.
"""

from __future__ import annotations

import csv
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pyarrow as pa

from radar.ingest import education, kbo, recognitions
from radar.ingest.arrowcsv import Progress, no_progress
from radar.ingest.report import LABELS
from radar.ingest.result import REJECT_CODES, SOURCES, Parsed
from radar.kernel.errors import DataError
from radar.kernel.format import number

EXAMPLES = 3


def _read(
    source: str,
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: Progress,
    name: str,
) -> Parsed:
    if source == "kbo":
        return kbo.parse(path, reference, progress, name)
    if source == "offerings":
        return education.parse_offerings(path, reference, progress, name)
    if source == "learners":
        return education.parse_learners(path, reference, progress, name)
    if source == "recognitions":
        return recognitions.parse(path, reference, progress, name)
    raise DataError(f"onbekende bron {source!r}, kies uit {', '.join(SOURCES)}")


def parse(
    source: str,
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: Progress = no_progress,
    name: str = "",
) -> Parsed:
    """Parse one input file (or KBO folder) of ``source``; ``name`` is the name the
    user knows it by (the uploaded file name), used in every message and reject.

    Raises ``DataError`` for a refused or unreadable input.
    """
    name = name or Path(path).name
    label = LABELS.get(source, source)
    try:
        return _read(source, Path(path), reference, progress, name)
    except DataError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DataError(
            f"{name}: beschadigd of onvolledig archief, niet te lezen als {label} "
            f"({exc})"
        ) from exc
    except (csv.Error, pa.ArrowException, UnicodeError) as exc:
        raise DataError(f"{name}: onleesbaar als {label} ({exc})") from exc
    except RecursionError as exc:
        raise DataError(f"{name}: te diep geneste gegevens") from exc
    except MemoryError as exc:
        raise DataError(f"{name}: te groot om in te lezen op deze machine") from exc
    except OSError as exc:
        raise DataError(
            f"{name}: kan niet gelezen worden ({exc.strerror or exc})"
        ) from exc


def refuse_empty(parsed: Parsed, name: str) -> None:
    """Refuse an input that keeps no row: it would replace the source with nothing.

    The message says what was read and why nothing was kept.
    """
    if parsed.rows_kept:
        return
    label = LABELS[parsed.source]
    how = (
        f"Om {label} bewust leeg te maken: lees het bestand in met --allow-empty "
        "(op de Data-pagina: 'Lege bron toestaan')."
    )
    if parsed.rows_read == 0:
        raise DataError(
            f"{name}: het bestand bevat geen gegevensrijen (alleen een kopregel). "
            f"Er is niets veranderd: {label} blijft zoals het was. {how}"
        )
    skipped = sum(parsed.skipped.values())
    by_code = parsed.rejects["code"].value_counts()
    reasons = ", ".join(
        f"{number(int(n))} x {REJECT_CODES.get(str(c), str(c))}"
        for c, n in by_code.items()
    )
    skips = ", ".join(f"{number(n)} x {why}" for why, n in parsed.skipped.items())
    examples = "; ".join(
        f"regel {r['regel']}"
        + (f", kolom {r['kolom']}" if pd.notna(r["kolom"]) else "")
        + f": {r['reden']}"
        for _, r in parsed.rejects.head(EXAMPLES).iterrows()
    )
    raise DataError(
        f"{name}: geen enkele rij bruikbaar ({number(parsed.rows_read)} gelezen, "
        f"{number(parsed.rows_rejected)} afgewezen"
        + (f": {reasons}" if reasons else "")
        + (f"; {number(skipped)} overgeslagen: {skips}" if skipped else "")
        + ")."
        + (f" Eerste: {examples}." if examples else "")
        + f" Er is niets veranderd: {label} blijft zoals het was. {how}"
    )
