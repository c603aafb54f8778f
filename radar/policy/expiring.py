"""The list of recognitions that expire soon (leads for sector consultants)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import expiring_within, is_valid_on
from radar.kernel.load import Dataset
from radar.kernel.regions import MUNICIPALITY, PROVINCE


def expiring_list(ds: Dataset, as_of: pd.Timestamp, months: int) -> pd.DataFrame:
    """List the recognitions valid on ``as_of`` that end within ``months`` months.

    One row per recognition, soonest first (then establishment, programme): ``vervalt
    op`` (date, first day without recognition), ``verlengd`` (``ja`` when the data
    already holds a recognition of the same establishment for the same programme that
    covers that day, ``nee`` otherwise: the leads), establishment name and number,
    enterprise number, programme, partnership, municipality and province.
    """
    rec = expiring_within(ds.recognitions, as_of, months)
    rec = rec.sort_values([s.VALID_TO, s.ESTABLISHMENT_NUMBER, s.PROGRAMME_ID])
    pair = [s.ESTABLISHMENT_NUMBER, s.PROGRAMME_ID]
    ends = rec[[s.RECOGNITION_ID, *pair, s.VALID_TO]].rename(
        columns={s.VALID_TO: "end"}
    )
    others = ds.recognitions[[*pair, s.VALID_FROM, s.VALID_TO]]
    joined = ends.merge(others, on=pair)
    covers = is_valid_on(joined[s.VALID_FROM], joined[s.VALID_TO], joined["end"])
    renewed = rec[s.RECOGNITION_ID].isin(joined.loc[covers, s.RECOGNITION_ID])
    prog = ds.programmes.set_index(s.PROGRAMME_ID)
    mun = ds.municipalities.set_index(s.NIS)
    return pd.DataFrame(
        {
            "vervalt op": rec[s.VALID_TO].dt.date,
            "verlengd": np.where(renewed, "ja", "nee"),
            "vestiging": rec[s.NAME],
            "vestigingsnummer": rec[s.ESTABLISHMENT_NUMBER],
            "ondernemingsnummer": rec[s.ENTERPRISE_NUMBER],
            "opleiding": rec[s.PROGRAMME_ID].map(prog[s.NAME]),
            "sectoraal partnerschap": rec[s.PROGRAMME_ID].map(prog[s.PARTNERSHIP]),
            MUNICIPALITY.slug: rec[s.NIS].map(mun[s.NAME_NL]),
            PROVINCE.slug: rec[s.NIS].map(mun[s.PROVINCE_NL]),
        }
    ).reset_index(drop=True)
