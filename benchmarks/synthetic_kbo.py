"""A synthetic KBO open-data zip at real scale, for the ingest benchmark.

Same files, columns, quoting and formats as the real extract (formats.md section 1):
every value quoted, dates DD-MM-YYYY, numbers dotted. Per establishment about eight
activity rows (NACE 2003, 2008 and 2025, main and secondary, VAT and RSZ groups),
per enterprise about six, so ``activity.csv`` is the biggest file, as in reality.
Seventy percent of the addresses lie in Flanders or Brussels. Nothing is real.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv

from radar.ingest.arrowcsv import dotted
from radar.kernel import schema as s

CHUNK = 250_000


def _numbers(base8: np.ndarray) -> np.ndarray:
    return base8 * 100 + (97 - base8 % 97)


def _write(fh: IO[bytes], frame: pd.DataFrame, header: bool) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    options = pcsv.WriteOptions(include_header=header, quoting_style="all_valid")
    pcsv.write_csv(table, fh, options)


def _dates(rng: np.random.Generator, n: int) -> np.ndarray:
    days = pd.Timestamp("1960-01-01") + pd.to_timedelta(
        rng.integers(0, 23_000, n), unit="D"
    )
    return np.asarray(days.strftime("%d-%m-%Y"), dtype=object)


def write_kbo_zip(
    path: Path,
    n_establishments: int,
    postal_codes: pd.DataFrame,
    municipalities: pd.DataFrame,
    seed: int = 1,
) -> Path:
    """Write a KBO-format zip with ``n_establishments`` establishments to ``path``."""
    rng = np.random.default_rng(seed)
    n_ent = max(1, int(n_establishments * 0.65))
    ent_num = _numbers(np.arange(2_000_000, 2_000_000 + n_ent, dtype=np.int64))
    inside = postal_codes[s.NIS].isin(set(municipalities[s.NIS])).to_numpy()
    weight = np.where(inside, 0.7 / inside.sum(), 0.3 / (~inside).sum())
    pool = np.char.zfill(rng.integers(1110, 99_000, 900).astype(str), 5)
    pcs = postal_codes[s.POSTCODE].to_numpy(dtype=object)
    names = postal_codes[s.NAME_NL].to_numpy(dtype=object)
    folder = Path(str(path) + ".parts")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.csv").write_bytes(
        b'"Variable","Value"\n"SnapshotDate","06-06-2025"\n'
        b'"ExtractTimestamp","07-06-2025 04:12:31"\n"ExtractType","full"\n'
        b'"ExtractNumber","0136"\n"Version","1.0.0"\n'
    )
    ent_dotted = dotted(ent_num, "enterprise")
    with (folder / "enterprise.csv").open("wb") as fh:
        _write(
            fh,
            pd.DataFrame(
                {
                    "EnterpriseNumber": ent_dotted,
                    "Status": "AC",
                    "JuridicalSituation": "000",
                    "TypeOfEnterprise": "2",
                    "JuridicalForm": "014",
                    "JuridicalFormCAC": "",
                    "StartDate": _dates(rng, n_ent),
                }
            ),
            True,
        )
    files = ("establishment.csv", "address.csv", "denomination.csv", "activity.csv")
    handles: dict[str, IO[bytes]] = {name: (folder / name).open("wb") for name in files}
    try:
        for start in range(0, n_establishments, CHUNK):
            stop = min(start + CHUNK, n_establishments)
            _chunk(
                handles,
                rng,
                (start, stop, n_establishments, n_ent),
                (ent_dotted, pcs, names, weight, pool),
            )
    finally:
        for handle in handles.values():
            handle.close()
    tmp = Path(str(path) + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for part in sorted(folder.iterdir()):
            zf.write(part, part.name)
            part.unlink()
    folder.rmdir()
    tmp.replace(path)
    return path


def _chunk(
    handles: dict[str, IO[bytes]],
    rng: np.random.Generator,
    span: tuple[int, int, int, int],
    pools: tuple[np.ndarray, ...],
) -> None:
    """Write the rows of establishments ``start:stop`` (and their enterprises)."""
    start, stop, n_est, n_ent = span
    ent_dotted, pcs, names, weight, pool = pools
    n = stop - start
    first = start == 0
    idx = np.arange(start, stop, dtype=np.int64)
    est = dotted(_numbers(20_000_000 + idx), "establishment")
    owner = idx * n_ent // n_est
    ent = ent_dotted[owner]
    _write(
        handles["establishment.csv"],
        pd.DataFrame(
            {
                "EstablishmentNumber": est,
                "StartDate": _dates(rng, n),
                "EnterpriseNumber": ent,
            }
        ),
        first,
    )
    where = rng.choice(len(pcs), size=n, p=weight)
    _write(
        handles["address.csv"],
        pd.DataFrame(
            {
                "EntityNumber": est,
                "TypeOfAddress": "BAET",
                "CountryNL": "",
                "CountryFR": "",
                "Zipcode": pcs[where],
                "MunicipalityNL": names[where],
                "MunicipalityFR": names[where],
                "StreetNL": "Stationsstraat",
                "StreetFR": "Rue de la Gare",
                "HouseNumber": (idx % 200 + 1).astype(str),
                "Box": "",
                "ExtraAddressInfo": "",
                "DateStrikingOff": "",
            }
        ),
        first,
    )
    # enterprises owned by this chunk: those whose first establishment is in it
    new_ent = np.unique(owner)
    new_ent = new_ent[new_ent * n_est // n_ent >= start]
    commercial = rng.random(n) < 0.3
    _write(
        handles["denomination.csv"],
        pd.DataFrame(
            {
                "EntityNumber": np.concatenate([ent_dotted[new_ent], est[commercial]]),
                "Language": "2",
                "TypeOfDenomination": np.repeat(
                    ["001", "003"], [len(new_ent), int(commercial.sum())]
                ),
                "Denomination": np.concatenate(
                    [
                        "Onderneming " + new_ent.astype(str),
                        "Vestiging " + idx[commercial].astype(str),
                    ]
                ),
            }
        ),
        first,
    )
    parts = []
    own = rng.random(n) < 0.7
    employer = rng.random(n) < 0.45
    for version, cls, share in (
        ("2008", "MAIN", own),
        ("2008", "SECO", own),
        ("2008", "SECO", own & (rng.random(n) < 0.5)),
        ("2025", "MAIN", own),
        ("2025", "SECO", own),
        ("2003", "MAIN", own),
        ("2003", "SECO", own),
    ):
        parts.append(
            (est[share], "001", version, pool[rng.integers(0, 900, share.sum())], cls)
        )
    parts.append(
        (
            est[own & employer],
            "006",
            "2008",
            pool[rng.integers(0, 900, (own & employer).sum())],
            "MAIN",
        )
    )
    m = len(new_ent)
    ent_emp = rng.random(m) < 0.45
    for version, cls, share in (
        ("2008", "MAIN", np.ones(m, bool)),
        ("2008", "SECO", np.ones(m, bool)),
        ("2025", "MAIN", np.ones(m, bool)),
        ("2025", "SECO", np.ones(m, bool)),
        ("2003", "MAIN", np.ones(m, bool)),
        ("2008", "MAIN", ent_emp),
    ):
        group = "006" if share is ent_emp else "001"
        parts.append(
            (
                ent_dotted[new_ent][share],
                group,
                version,
                pool[rng.integers(0, 900, share.sum())],
                cls,
            )
        )
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "EntityNumber": e,
                    "ActivityGroup": g,
                    "NaceVersion": v,
                    "NaceCode": c,
                    "Classification": k,
                }
            )
            for e, g, v, c, k in parts
        ],
        ignore_index=True,
    )
    _write(handles["activity.csv"], frame, first)
