"""Calibration of the demo dataset: public figures and the tables drawn from.

The figures behind the numbers are explained in data/README.md and in the docstring
of ``radar.demo.generator``. Nothing here draws random numbers.
"""

from __future__ import annotations

import pandas as pd

DEFAULT_SEED = 20220207
"""Seed of the demo generator; the same seed gives the same tables."""
DEFAULT_ESTABLISHMENTS = 200_000
"""Size of the demo KBO-style establishments universe."""
SNAPSHOT_2022 = pd.Timestamp("2022-02-07")
"""Date of the published province table the recognitions reproduce exactly."""
EXTRACT_DATE = pd.Timestamp("2026-10-01")
"""Date the synthetic extract is taken; recognitions grow until then."""
FIRST_DAY = pd.Timestamp("2016-01-01")
"""First day any recognition starts."""
VALID_YEARS = 5
"""A recognition runs this many years from its start."""
RENEWAL_RATE = 0.75
"""Probability that a recognition is renewed when it expires (after 2022-02-07)."""

# Written parliamentary question nr. 337 of 7 Feb 2022:
# (recognitions, unique establishments) per province.
PROVINCE_TABLE_2022: dict[str, tuple[int, int]] = {
    "04000": (315, 242),
    "10000": (4010, 2648),
    "70000": (2110, 1315),
    "40000": (3471, 2273),
    "20001": (2080, 1330),
    "30000": (2906, 1872),
}

# Active recognitions on these dates (reasoned growth curve; see data/README.md).
ACTIVE_TARGETS: dict[str, int] = {
    "2022-09-01": 16_500,
    "2023-09-01": 20_000,
    "2024-09-01": 24_500,
    "2025-09-01": 29_000,
    "2026-09-01": 32_000,
    "2027-09-01": 34_500,  # the curve goes on: the extract date falls between points
}

LEARNERS_PER_YEAR: dict[str, int] = {
    "2016-17": 130,
    "2017-18": 480,
    "2018-19": 1_050,
    "2019-20": 1_765,
    "2020-21": 2_050,
    "2021-22": 2_338,
    "2022-23": 2_814,
    "2023-24": 4_000,
    "2024-25": 5_050,
    "2025-26": 5_800,
    "2026-27": 6_300,
}

# Reasoned split of recognitions by sector partnership (calibration.md); the rest
# (3 %) is spread over the partnerships not named.
SECTOR_SHARES: dict[str, float] = {
    "Bouw": 0.30,
    "Elektrotechniek": 0.08,
    "Technologische industrie": 0.09,
    "Mobiliteit (garage, carrosserie, tweewielers)": 0.09,
    "Horeca": 0.09,
    "Voeding": 0.07,
    "Groene sectoren": 0.08,
    "Zorg en welzijn (social profit)": 0.05,
    "Kappers en schoonheidszorg": 0.04,
    "Hout en meubel": 0.03,
    "Handel": 0.03,
    "Logistiek en transport": 0.02,
}
OTHER_SECTORS_SHARE = 0.03

# Lesplaatsen that start in each school year (about 300 in all, 270 by 2021-22).
LOCATIONS_STARTING: dict[str, int] = {
    "2016-17": 15,
    "2017-18": 20,
    "2018-19": 40,
    "2019-20": 120,
    "2020-21": 45,
    "2021-22": 30,
    "2022-23": 15,
    "2023-24": 12,
    "2024-25": 8,
    "2025-26": 5,
}
PROVIDER_SHARES: dict[str, float] = {"secundair": 0.8, "CDO": 0.12, "Syntra": 0.08}

STREETS = (
    "Kerkstraat", "Stationsstraat", "Dorpsstraat", "Nieuwstraat", "Molenstraat",
    "Schoolstraat", "Industrieweg", "Kapelstraat", "Beekstraat", "Veldstraat",
    "Hoogstraat", "Ambachtenlaan", "Zandstraat", "Bosstraat", "Kouterstraat",
    "Ringlaan", "Brugstraat", "Meersstraat", "Nijverheidsstraat", "Lindelaan",
)  # fmt: skip
SURNAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Dumont", "Pauwels", "Hermans",
    "Vermeulen", "Van den Broeck", "Martens", "Desmet", "Michiels", "Verstraete",
    "Cools", "Declercq", "Smets", "Van Damme", "Hendrickx", "Aerts", "Stevens",
    "Vandenberghe", "Lemmens", "Coppens", "Verhoeven", "Segers", "Baert", "De Vos",
    "Van de Velde", "Bogaert",
)  # fmt: skip
LEGAL_FORMS = ("BV", "BV", "BV", "NV", "CommV", "VZW", "")
# Trade words by NACE division (first two digits); the fallback is "Onderneming".
TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "01": ("Landbouwbedrijf", "Hoeve", "Kwekerij"),
    "02": ("Bosbouw",),
    "10": ("Bakkerij", "Slagerij", "Voedingsbedrijf"),
    "16": ("Houtbewerking", "Schrijnwerkerij"),
    "25": ("Metaalwerken", "Constructiewerkhuis"),
    "28": ("Machinebouw",),
    "31": ("Meubelmakerij", "Interieur"),
    "33": ("Herstellingen", "Onderhoud"),
    "41": ("Bouwonderneming", "Algemene Bouw"),
    "42": ("Wegenbouw", "Grondwerken"),
    "43": ("Bouwwerken", "Dakwerken", "Elektro", "Sanitair", "Schilderwerken"),
    "45": ("Garage", "Carrosserie", "Bandencentrale"),
    "46": ("Groothandel",),
    "47": ("Winkel", "Handelszaak"),
    "49": ("Transport",),
    "52": ("Logistiek", "Opslag"),
    "55": ("Hotel",),
    "56": ("Restaurant", "Brasserie", "Traiteur"),
    "81": ("Tuinaanleg", "Schoonmaak"),
    "86": ("Zorgcentrum",),
    "87": ("Woonzorgcentrum",),
    "88": ("Kinderopvang",),
    "96": ("Kapsalon", "Schoonheidssalon"),
}

# NACE classes outside the programmes' scope, for the rest of the universe,
# with weights.
OTHER_NACE: dict[str, int] = {
    "4711": 3,
    "4719": 1,
    "4778": 2,
    "4771": 2,
    "4690": 2,
    "4669": 1,
    "4941": 2,
    "6201": 3,
    "6202": 2,
    "6420": 4,
    "6820": 4,
    "6831": 2,
    "6910": 3,
    "6920": 3,
    "7022": 5,
    "7111": 2,
    "7311": 1,
    "7410": 1,
    "7490": 2,
    "8299": 2,
    "8559": 2,
    "8621": 2,
    "8622": 1,
    "8690": 3,
    "8810": 1,
    "9004": 1,
    "9311": 1,
    "9499": 3,
    "6619": 1,
    "6622": 1,
    "5814": 1,
    "7320": 1,
    "8010": 1,
    "8230": 1,
    "9602": 2,
    "0111": 2,
    "4120": 3,
    "4332": 1,
    "4520": 1,
    "5610": 3,
    "1071": 1,
}

# Patron names of secondary schools ("Sint-Jozef Geel"); CDO and Syntra are named
# after their town.
SCHOOL_PATRONS = (
    "Sint-Jozef",
    "Sint-Lucas",
    "Don Bosco",
    "GO! Atheneum",
    "VTI",
    "Technisch Instituut",
    "Sint-Victor",
    "KTA",
    "Heilig Hart",
)
