"""The bench datasets: the demo generator at real scale, and copies scaled N times.

``bench_dataset(n, scale)`` returns ``data/bench/est-<n>`` (the demo generator with
``n`` establishments) or, for ``scale`` > 1, ``data/bench/est-<n>-x<scale>``: the
same dataset with every recognition, every lesplaats (its offerings, so its learners)
copied ``scale`` times. A copy of a recognised establishment is a new establishment
of the same enterprise, 0.3-3 km from the original; a copy of a lesplaats is a new
lesplaats of a new school, 0.3-3 km from the original, with the same learners. So
recognitions, workplaces, lesplaatsen and learners all grow N times (a national-size
register at N = 10), and so does the density of the map. The establishments that are
not recognised are not copied: the register of establishments is already the size
of the real one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from radar import demo
from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.paths import BENCH_DIR, REFERENCE_DIR

# Copy c of an establishment number swaps its first digit (the demo's all start
# with 2) so the number keeps its shape; beyond nine copies a suffix is added.
_DIGITS = "345678910"


def bench_dataset(
    n_establishments: int, scale: int = 1, folder: Path = BENCH_DIR
) -> Path:
    """Return the folder of the bench dataset, generating it if it is missing."""
    base = folder / f"est-{n_establishments}"
    if not load.is_dataset(base):
        ds = demo.generate(
            load.read_reference(REFERENCE_DIR), establishments=n_establishments
        )
        _write(ds, base)
    if scale <= 1:
        return base
    path = folder / f"est-{n_establishments}-x{scale}"
    if not load.is_dataset(path):
        _write(scale_dataset(load.load_dataset(base), scale), path)
    return path


def _write(ds: load.Dataset, path: Path) -> None:
    """Write the dataset as the demo is written: with its per-programme indexes
    when this version of radar stores them (``radar.demo.write_indexes``)."""
    load.write_dataset(ds, path)
    write_indexes = getattr(demo, "write_indexes", None)
    if write_indexes is not None:
        write_indexes(ds, path)


def _jitter(
    rng: np.random.Generator, lat: np.ndarray, lng: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Points 0.3-3 km away from (lat, lng) in a random direction."""
    km = rng.uniform(0.3, 3.0, len(lat))
    angle = rng.uniform(0, 2 * np.pi, len(lat))
    dlat = km * np.cos(angle) / 111.2
    dlng = km * np.sin(angle) / (111.2 * np.cos(np.radians(lat)))
    return np.round(lat + dlat, 6), np.round(lng + dlng, 6)


def _copy_number(numbers: pd.Series, c: int) -> pd.Series:
    """Establishment number of copy ``c`` (>= 1)."""
    if c <= len(_DIGITS):
        return _DIGITS[c - 1] + numbers.str.slice(1)
    return numbers + f"/{c}"


def _join(frames: list[pd.DataFrame], spec: s.TableSpec) -> pd.DataFrame:
    """Concatenate the original and its copies; the h3 cell is derived again for all
    (``coerce`` computes it only when the column is absent)."""
    whole = pd.concat(
        [f.drop(columns=[s.CELL], errors="ignore") for f in frames], ignore_index=True
    )
    return load.coerce(whole, spec)


def scale_dataset(ds: load.Dataset, scale: int, seed: int = 7) -> load.Dataset:
    """Return ``ds`` with its recognitions and lesplaatsen copied ``scale`` times.

    >>> import pandas as pd
    >>> _copy_number(pd.Series(["2.270.109.410"]), 1).tolist()
    ['3.270.109.410']
    """
    rng = np.random.default_rng(seed)
    est, rec, off = ds.establishments, ds.recognitions, ds.offerings
    recognised = est[est[s.ESTABLISHMENT_NUMBER].isin(set(rec[s.ESTABLISHMENT_NUMBER]))]
    places = off.drop_duplicates(s.LOCATION_ID)[[s.LOCATION_ID, s.LAT, s.LNG]]
    ests, recs, offs = [est], [rec], [off]
    for c in range(1, scale):
        lat, lng = _jitter(
            rng, recognised[s.LAT].to_numpy(float), recognised[s.LNG].to_numpy(float)
        )
        copy = recognised.assign(
            **{
                s.ESTABLISHMENT_NUMBER: _copy_number(
                    recognised[s.ESTABLISHMENT_NUMBER], c
                ),
                s.LAT: lat,
                s.LNG: lng,
            }
        ).drop(columns=[s.CELL])
        ests.append(copy)
        moved = copy.set_index(
            recognised[s.ESTABLISHMENT_NUMBER].to_numpy(dtype=object)
        )
        number = rec[s.ESTABLISHMENT_NUMBER].to_numpy(dtype=object)
        recs.append(
            rec.assign(
                **{
                    s.RECOGNITION_ID: rec[s.RECOGNITION_ID] + f"-{c}",
                    s.ESTABLISHMENT_NUMBER: moved.loc[
                        number, s.ESTABLISHMENT_NUMBER
                    ].to_numpy(dtype=object),
                    s.LAT: moved.loc[number, s.LAT].to_numpy(float),
                    s.LNG: moved.loc[number, s.LNG].to_numpy(float),
                }
            ).drop(columns=[s.CELL])
        )
        plat, plng = _jitter(
            rng, places[s.LAT].to_numpy(float), places[s.LNG].to_numpy(float)
        )
        where = pd.DataFrame({s.LAT: plat, s.LNG: plng}, index=places[s.LOCATION_ID])
        loc = off[s.LOCATION_ID].to_numpy(dtype=object)
        offs.append(
            off.assign(
                **{
                    s.OFFERING_ID: off[s.OFFERING_ID] + f"-{c}",
                    s.SCHOOL_ID: off[s.SCHOOL_ID] + f"-{c}",
                    s.LOCATION_ID: off[s.LOCATION_ID] + f"-{c}",
                    s.LAT: where.loc[loc, s.LAT].to_numpy(float),
                    s.LNG: where.loc[loc, s.LNG].to_numpy(float),
                }
            ).drop(columns=[s.CELL])
        )
    meta = dict(ds.meta)
    meta["scale"] = scale
    meta["establishments"] = sum(len(e) for e in ests)
    return load.Dataset(
        programmes=ds.programmes,
        municipalities=ds.municipalities,
        postal_codes=ds.postal_codes,
        offerings=_join(offs, s.OFFERINGS),
        recognitions=_join(recs, s.RECOGNITIONS),
        establishments=_join(ests, s.ESTABLISHMENTS),
        meta=meta,
    )
