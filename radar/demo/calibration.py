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
LEGAL_FORMS = ("BV", "BV", "BV", "NV", "CommV", "")
# Care, education, culture, sport and associations: most are a VZW (non-profit).
NONPROFIT_DIVISIONS = ("85", "86", "87", "88", "91", "93", "94")
# Trade words by NACE-BEL prefix: an establishment is named after its own main
# activity, the longest prefix of its code that is listed here (a hairdresser, 96.021,
# is a "Kapsalon", a plumber, 43.22, "Sanitair"). Without one: "Onderneming".
TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "01": ("Landbouwbedrijf", "Hoeve"),
    "011": ("Tuinbouwbedrijf", "Groenteteelt"),
    "012": ("Fruitbedrijf", "Fruitteelt"),
    "013": ("Kwekerij", "Boomkwekerij"),
    "014": ("Veehouderij", "Hoeve"),
    "0143": ("Paardenhouderij", "Stoeterij"),
    "0147": ("Pluimveebedrijf",),
    "016": ("Loonwerken", "Agrarische Diensten"),
    "0162": ("Hoefsmederij", "Veeverzorging"),
    "02": ("Bosbouw", "Bosbeheer"),
    "03": ("Rederij", "Visserij"),
    "10": ("Voedingsbedrijf",),
    "101": ("Slagerij", "Vleesverwerking"),
    "107": ("Bakkerij", "Banketbakkerij"),
    "108": ("Chocolaterie", "Voedingsbedrijf"),
    "13": ("Textielbedrijf", "Weverij"),
    "14": ("Confectie", "Kledingatelier"),
    "16": ("Houtbewerking", "Schrijnwerkerij"),
    "161": ("Zagerij",),
    "17": ("Kartonnage", "Verpakkingen"),
    "18": ("Drukkerij", "Grafisch Atelier"),
    "19": ("Raffinaderij",),
    "20": ("Chemie",),
    "21": ("Pharma",),
    "22": ("Kunststoffen",),
    "23": ("Glas en Steen", "Steenhouwerij"),
    "24": ("Staalbedrijf",),
    "25": ("Metaalwerken", "Constructiewerkhuis"),
    "27": ("Elektrobouw",),
    "28": ("Machinebouw",),
    "2825": ("Koeltechniek",),
    "29": ("Carrosseriebouw", "Autotoelevering"),
    "31": ("Meubelmakerij", "Interieur"),
    "32": ("Juwelier", "Atelier"),
    "325": ("Tandtechniek", "Medische Techniek"),
    "33": ("Herstellingen", "Onderhoud"),
    "3314": ("Elektroherstel",),
    "3320": ("Industriële Montage",),
    "35": ("Netbeheer", "Energie"),
    "36": ("Watermaatschappij",),
    "37": ("Waterzuivering",),
    "41": ("Bouwonderneming", "Algemene Bouw"),
    "42": ("Wegenbouw", "Grondwerken"),
    "4222": ("Nutswerken", "Kabelwerken"),
    "431": ("Grondwerken", "Afbraakwerken"),
    "4321": ("Elektro", "Elektriciteitswerken"),
    "4322": ("Sanitair", "Verwarming", "Installatietechniek"),
    "4329": ("Installatiewerken", "Isolatiewerken"),
    "4331": ("Pleisterwerken",),
    "4332": ("Schrijnwerk", "Ramen en Deuren"),
    "4333": ("Vloeren", "Tegelwerken"),
    "4334": ("Schilderwerken", "Decoratie"),
    "4339": ("Afwerking",),
    "4391": ("Dakwerken",),
    "4399": ("Bouwwerken", "Renovatie"),
    "45": ("Garage", "Autobedrijf"),
    "451": ("Autohandel", "Garage"),
    "452": ("Garage", "Carrosserie"),
    "453": ("Autoonderdelen", "Bandencentrale"),
    "454": ("Motoren", "Tweewielers"),
    "46": ("Groothandel",),
    "462": ("Bloemengroothandel",),
    "4661": ("Landbouwmachines",),
    "47": ("Winkel", "Handelszaak"),
    "471": ("Supermarkt", "Buurtwinkel"),
    "4722": ("Slagerij", "Beenhouwerij"),
    "4724": ("Bakkerij", "Patisserie"),
    "475": ("Woonwinkel", "Doe-het-zelf"),
    "4764": ("Sportwinkel",),
    "477": ("Winkel", "Boetiek"),
    "4771": ("Kledingwinkel", "Boetiek"),
    "4776": ("Bloemenwinkel", "Tuincentrum"),
    "4778": ("Opticien", "Winkel"),
    "4791": ("Webwinkel",),
    "49": ("Transport",),
    "50": ("Scheepvaart", "Binnenvaart"),
    "52": ("Logistiek", "Opslag"),
    "5224": ("Overslag",),
    "55": ("Hotel",),
    "553": ("Camping",),
    "56": ("Restaurant", "Brasserie"),
    "5621": ("Traiteur", "Catering"),
    "5630": ("Café",),
    "58": ("Uitgeverij",),
    "61": ("Telecom",),
    "62": ("IT", "Software"),
    "64": ("Holding",),
    "66": ("Verzekeringen",),
    "68": ("Vastgoed", "Immo"),
    "691": ("Advocatenkantoor",),
    "692": ("Boekhoudkantoor", "Accountancy"),
    "70": ("Consultancy", "Advies"),
    "711": ("Architectenbureau", "Studiebureau"),
    "73": ("Reclamebureau", "Marketing"),
    "74": ("Ontwerpstudio",),
    "75": ("Dierenartsenpraktijk", "Dierenkliniek"),
    "77": ("Verhuur",),
    "79": ("Reisbureau",),
    "80": ("Beveiliging",),
    "81": ("Schoonmaak",),
    "813": ("Tuinaanleg", "Groenbeheer"),
    "82": ("Kantoordiensten",),
    "8220": ("Callcenter",),
    "8230": ("Evenementen",),
    "8292": ("Verpakkingsbedrijf",),
    "85": ("Opleidingen",),
    "8510": ("Kleuterschool",),
    "86": ("Zorgcentrum",),
    "8610": ("Ziekenhuis", "Kliniek"),
    "862": ("Huisartsenpraktijk", "Medisch Centrum"),
    "8623": ("Tandartspraktijk",),
    "869": ("Praktijk", "Paramedisch Centrum"),
    "87": ("Woonzorgcentrum", "Zorgcentrum"),
    "872": ("Zorginstelling",),
    "88": ("Thuiszorg", "Dagcentrum"),
    "8891": ("Kinderopvang", "Kinderdagverblijf"),
    "90": ("Podiumtechniek", "Theater"),
    "91": ("Museum", "Natuurpark"),
    "93": ("Sportcentrum",),
    "9313": ("Fitness",),
    "9319": ("Manege", "Sportclub"),
    "94": ("Vereniging",),
    "95": ("Herstelatelier",),
    "9524": ("Stoffeerderij",),
    "9601": ("Wasserij", "Droogkuis"),
    "96021": ("Kapsalon", "Haarstudio"),
    "96022": ("Schoonheidssalon", "Beautycenter"),
    "9609": ("Dierenpension", "Dienstverlening"),
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
    "96022": 2,  # beauty care: not hair care, no programme
    "0111": 2,
    "4120": 3,
    "4332": 1,
    "4520": 1,
    "5610": 3,
    "1071": 1,
}

# Learners per programme in 2018-19 (calibration.md: knack.be, October 2018): the
# five most popular programmes and two BuSO programmes. The demo reproduces them
# exactly; no other programme reaches the fifth (``OTHERS_CAP_2018_19``).
PINNED_YEAR = "2018-19"
LEARNERS_2018_19: dict[str, int] = {
    "SO-115": 113,  # Haarverzorging
    "SO-88": 105,  # Elektrische installaties
    "SO-356": 93,  # Verzorgende/Zorgkundige
    "SO-144": 72,  # Kinderbegeleider
    "SO-251": 61,  # Onderhoudsmechanica auto
    "SO-197": 32,  # Medewerker groen- en tuinbeheer (BuSO)
    "SO-188": 27,  # Medewerker fastfood (BuSO)
}
OTHERS_CAP_2018_19 = 55
# The other programmes calibration.md names as major: the 12 reference programmes of
# the cost-benefit study (IDEA Consult for WSE, 2021). With those above, they get the
# highest popularity of their partnership (``context._programme_weights``).
REFERENCE_PROGRAMMES = (
    "SO-90",  # Elektromechanische technieken
    "SO-310",  # Ruwbouw
    "SO-65",  # Brood- en banketbakkerij
    "SO-152",  # Logistiek
    "SO-70",  # Chemische procestechnieken (Se-n-Se)
    "SO-137",  # Interieurbouwer
)
# Weight of the 2018-19 programme mix in each school year; the rest follows the
# sector-weighted model (``SECTOR_SHARES`` x popularity within the partnership). The
# pilot mix fades as the catalogue grows (79 programmes in 2019-20, 251 in 2021-22).
PILOT_MIX: dict[str, float] = {
    "2016-17": 1.0,
    "2017-18": 1.0,
    "2018-19": 1.0,
    "2019-20": 0.7,
    "2020-21": 0.5,
    "2021-22": 0.35,
    "2022-23": 0.25,
    "2023-24": 0.2,
    "2024-25": 0.15,
    "2025-26": 0.12,
    "2026-27": 0.1,
}

# Where dual programmes are taught: secondary technical and vocational schools, CDO
# centres and Syntra campuses sit in the towns pupils travel to. Municipality weight
# for a secondary school = population x factor: the 13 centrumsteden (Vlaams
# Stedenfonds) and Brussel (Dutch-language education only) x CENTRE_FACTOR, regional
# towns with a secondary-school function x REGIONAL_FACTOR, municipalities under
# SMALL_POPULATION inhabitants x SMALL_FACTOR. CDO centres and Syntra campuses go to
# the centrumsteden and regional towns, at most one of each per town.
CENTRUMSTEDEN = (
    "Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk", "Leuven",
    "Mechelen", "Oostende", "Roeselare", "Sint-Niklaas", "Turnhout", "Brussel",
)  # fmt: skip
REGIONAL_TOWNS = (
    "Lier", "Geel", "Herentals", "Mol", "Heist-op-den-Berg", "Boom", "Hoogstraten",
    "Aarschot", "Diest", "Tienen", "Halle", "Vilvoorde", "Asse", "Dendermonde",
    "Lokeren", "Eeklo", "Oudenaarde", "Ronse", "Ninove", "Geraardsbergen", "Zottegem",
    "Wetteren", "Deinze", "Beveren-Kruibeke-Zwijndrecht", "Ieper", "Waregem", "Tielt",
    "Torhout", "Izegem", "Menen", "Poperinge", "Diksmuide", "Veurne", "Knokke-Heist",
    "Sint-Truiden", "Tongeren-Borgloon", "Lommel", "Beringen", "Maaseik", "Bree",
    "Bilzen-Hoeselt", "Pelt", "Maasmechelen",
)  # fmt: skip
CENTRE_FACTOR = 2.0
REGIONAL_FACTOR = 1.6
SMALL_POPULATION = 12_000
SMALL_FACTOR = 0.2

# Patron names of secondary schools ("Sint-Jozef Geel"); CDO and Syntra are named
# after their town.
SCHOOL_PATRONS = (
    "Sint-Jozef", "Sint-Lucas", "Don Bosco", "GO! Atheneum", "VTI", "Technicum",
    "Technisch Instituut", "Sint-Victor", "KTA", "Heilig Hart", "Sint-Vincentius",
    "Spectrumschool", "Sint-Godelieve", "Scheppers", "Sint-Michiel", "Sint-Amandus",
    "GO! Technisch Atheneum", "Onze-Lieve-Vrouw", "Sint-Jan Berchmans",
    "Sint-Franciscus",
)  # fmt: skip
