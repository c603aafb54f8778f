"""Region levels: a level that went through a cache (pickled) is the defined one."""

import pickle

import pandas as pd

from radar.kernel import schema as s
from radar.kernel.regions import MUNICIPALITY, PROVINCE, region_codes

MUNIS = pd.DataFrame(
    {
        s.NIS: ["11002", "44021"],
        PROVINCE.code_column: ["10000", "40000"],
    }
)


def test_a_cached_copy_of_the_gemeente_level_keeps_the_gemeente_codes():
    # st.cache_data hands the pages an unpickled copy of the level, not the object.
    copy = pickle.loads(pickle.dumps(MUNICIPALITY))
    assert copy is MUNICIPALITY  # unpickled as the defined level
    codes = region_codes(pd.Series(["44021", "11002"]), copy, MUNIS)
    assert codes.tolist() == ["44021", "11002"]


def test_a_cached_copy_of_the_province_level_maps_to_provinces():
    copy = pickle.loads(pickle.dumps(PROVINCE))
    codes = region_codes(pd.Series(["44021", "11002", "99999"]), copy, MUNIS)
    assert codes[:2].tolist() == ["40000", "10000"] and pd.isna(codes[2])
