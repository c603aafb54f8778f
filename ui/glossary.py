"""The Begrippen: every term and formula of the app, in words a sector consultant uses.

Each entry is (group, term, explanation); explanations are templates over the model's
parameters (``ui.help.values``), filled in by ``ui.help.glossary`` so the page states
the parameters in use. README.md's "Begrippen" section lists the same terms (a test
keeps them equal).
"""

from __future__ import annotations

DATA = "Gegevens"
SD = "Vraag & aanbod"
PROSPECTS = "Prospectie"
TABLES = "Tabellen"

TERMS: tuple[tuple[str, str, str], ...] = (
    (
        DATA,
        "Erkenning",
        "Een vestiging die erkend is als werkplek voor één opleiding duaal leren. Een "
        "erkenning telt op een datum als die datum op of na het begin ligt en vóór "
        "het einde. Een vestiging die voor drie opleidingen erkend is, heeft drie "
        "erkenningen.",
    ),
    (
        DATA,
        "Unieke vestiging",
        "Een vestiging (vestigingsnummer uit het ondernemingsregister) met minstens "
        "één geldige erkenning, één keer geteld, voor hoeveel opleidingen ook.",
    ),
    (
        DATA,
        "Lesplaats",
        "Een plaats waar een school, centrum (CDO) of Syntra-campus de opleiding geeft "
        "in een schooljaar, met het aantal leerlingen daar.",
    ),
    (
        DATA,
        "Peildatum",
        "De dag waarop alles geteld wordt: de erkenningen die die dag geldig zijn en "
        "de lesplaatsen en leerlingen van het schooljaar (1 september tot 31 "
        "augustus) waarin die dag valt.",
    ),
    (
        DATA,
        "Sectoraal partnerschap",
        "De sector die een groep opleidingen duaal leren opvolgt en de werkplekken "
        "ervoor erkent.",
    ),
    (
        DATA,
        "Resoc",
        "Een regio van een Regionaal Sociaal-Economisch Overlegcomité, voor regionaal "
        "arbeidsmarktbeleid: een groep gemeenten binnen één provincie, vaak één of "
        "enkele arrondissementen. Brussel is één Resoc.",
    ),
    (
        DATA,
        "Hexagoon",
        "Een zeshoek van het H3-raster op resolutie {hex_res}, gemiddeld {hex_area} "
        "km² groot. Zeshoeken zijn even groot en volgen geen gemeentegrenzen, zodat "
        "een grote gemeente geen tekort verbergt.",
    ),
    (
        DATA,
        "NACE",
        "De code van de economische activiteit van een vestiging (hoofdactiviteit en "
        "nevenactiviteiten). Elke opleiding heeft de NACE-codes die erbij passen.",
    ),
    (
        DATA,
        "Geschatte leerlingen",
        "Is het aantal leerlingen van een lesplaats onbekend, dan telt ze mee met de "
        "mediaan van de bekende aantallen van dat schooljaar; zulke cijfers staan "
        "gemarkeerd als geschat.",
    ),
    (
        SD,
        "Werkplekken per leerling",
        "De verhouding in een gebied: erkende werkplekken gedeeld door leerlingen. "
        "Zonder leerlingen is er geen verhouding ('geen vraag'). Bij hexagonen worden "
        "werkplekken en leerlingen eerst gelijk verdeeld over de hexagoon en de "
        "{hex_smoothing_k} ringen hexagonen eromheen, zodat een school net over de "
        "rand niet telt als 'geen leerlingen'.",
    ),
    (
        SD,
        "Klasse",
        "Een verhouding (of bereikbaarheid) onder {ratio_tekort} is tekort, van "
        "{ratio_tekort} tot {ratio_krap} krap, van {ratio_krap} tot {ratio_ruim} "
        "voldoende, vanaf {ratio_ruim} ruim; zonder leerlingen: geen vraag.",
    ),
    (
        SD,
        "Catchment",
        "Het bereik rond een lesplaats of werkplek: {catchment_km} km in vogelvlucht. "
        "Werkplekken en lesplaatsen verder weg tellen niet mee voor de bereikbaarheid, "
        "de concurrentie en de ruimte voor bijkomend aanbod.",
    ),
    (
        SD,
        "Bereikbaarheid (E2SFCA)",
        "Hoeveel werkplekken per leerling een lesplaats (of het midden van een "
        "hexagoon) kan verwachten, als alle lesplaatsen in de buurt dezelfde "
        "werkplekken delen. Stap 1: elke werkplek wordt verdeeld over de leerlingen "
        "die haar binnen de catchment kunnen bereiken. Stap 2: een lesplaats telt de "
        "delen op van alle werkplekken binnen de catchment. In beide stappen telt "
        "afstand mee met een Gauss-curve: een werkplek op 0 km telt volledig, op "
        "{half_catchment} km nog voor {weight_at_half} %, op {catchment_km} km niet "
        "meer. Een bereikbaarheid van 2 betekent: twee werkplekken per leerling, "
        "concurrentie inbegrepen.",
    ),
    (
        SD,
        "Tekortstraal",
        "De kleinste straal rond een lesplaats (in stappen van 1 km, tot "
        "{shortage_max_km} km) waarbinnen er minstens tau = {shortage_tau} werkplek "
        "per leerling is: werkplekken binnen de straal tegenover de leerlingen van "
        "alle lesplaatsen binnen de straal, de eigen inbegrepen. Een lesplaats staat "
        "in tekort als haar tekortstraal groter is dan {catchment_km} km of niet "
        "bereikt wordt. Dat is een ander signaal dan de verhouding van een gebied: "
        "een hexagoon kan krap zijn terwijl de lesplaats erin verderop genoeg "
        "werkplekken vindt, en omgekeerd.",
    ),
    (
        SD,
        "Tau",
        "Het aantal werkplekken dat per leerling nodig is voor de tekortstraal; nu "
        "{shortage_tau}.",
    ),
    (
        SD,
        "Ruimte voor bijkomend aanbod",
        "Hexagonen en gemeenten met minstens {room_min_workplaces} erkende "
        "werkplekken binnen {catchment_km} km en geen lesplaats van de opleiding "
        "binnen die afstand: daar zou een school de opleiding kunnen starten.",
    ),
    (
        SD,
        "Overtal",
        "Lesplaatsen met minstens één andere lesplaats van dezelfde opleiding binnen "
        "{catchment_km} km, met het aantal concurrenten en het aandeel van hun "
        "werkplekken dat een concurrent ook bereikt.",
    ),
    (
        SD,
        "Verwante opleidingen",
        "Opleidingen uit dezelfde cluster die minstens één NACE-activiteit delen. "
        "Met 'verwante opleidingen' aan telt een werkplek die alleen voor een verwante "
        "opleiding erkend is mee voor het gewicht (standaard {related_weight}: een "
        "halve werkplek bij 0,5).",
    ),
    (
        SD,
        "Actieve werkplek",
        "Een erkende werkplek die op de peildatum minstens één leerling heeft. De "
        "meeste erkende werkplekken hebben in een bepaald jaar geen leerling.",
    ),
    (
        PROSPECTS,
        "Lift",
        "Hoeveel vaker een NACE-code voorkomt bij de vestigingen die al erkend zijn "
        "voor de opleiding dan bij alle vestigingen. Lift 2: twee keer zo vaak. Om "
        "toevallige uitschieters te dempen telt de berekening "
        "{prospect_lift_smoothing} denkbeeldige vestigingen met het gemiddelde mee, "
        "en een code met minder dan {prospect_lift_min_support} erkende vestigingen "
        "(de steun) krijgt lift 1: één bedrijf bepaalt nooit de rangschikking.",
    ),
    (
        PROSPECTS,
        "Warm contact",
        "Een vestiging die al erkend is voor een andere opleiding, of vroeger erkend "
        "was voor deze: ze kent duaal leren al.",
    ),
    (
        PROSPECTS,
        "Prospectscore",
        "Een score van 0 tot 1: het gewogen gemiddelde van vijf factoren. NACE "
        "(gewicht {prospect_weight_nace}): 1 als de hoofdactiviteit past, "
        "{prospect_other_activity} als enkel een nevenactiviteit past. Lift (gewicht "
        "{prospect_weight_lift}): 1 - 1/lift, 0 voor een lift van 1 of minder. "
        "Nabijheid (gewicht {prospect_weight_distance}): daalt met de afstand tot de "
        "dichtste lesplaats van de opleiding (1 op 0 km, 0,37 op "
        "{prospect_distance_km} km), maal {prospect_no_shortage} als die lesplaats "
        "geen tekort heeft. Werkgever (gewicht {prospect_weight_employer}): 1 met "
        "personeel. Warm contact (gewicht {prospect_weight_warm}). Bij gelijke score "
        "beslist het vestigingsnummer.",
    ),
    (
        TABLES,
        "Afscherming (K)",
        "Kleine aantallen kunnen een bedrijf of leerling herkenbaar maken. Met "
        "drempel K (standaard {suppress_k}) wordt elk aantal van 1 tot K-1 getoond "
        "als <K, ook totalen, en worden extra cellen verborgen (x) zodat geen klein "
        "aantal uit de tabel of de tabellen die ermee samen verschijnen terug te "
        "rekenen is.",
    ),
)
"""(group, term, explanation template) in the order of the Begrippen page."""

FORMULAS: dict[str, str] = {
    "Werkplekken per leerling": "verhouding = werkplekken / leerlingen",
    "Bereikbaarheid (E2SFCA)": (
        "stap 1, per werkplek k: r_k = s_k / Σ_j D_j · W(d_kj);  "
        "stap 2, per lesplaats i: A_i = Σ_k r_k · W(d_ik);  "
        "W(d) = (e^(-½ (d/d0)²) - e^(-½)) / (1 - e^(-½)) voor d ≤ d0 = "
        "{catchment_km} km, anders 0.  s_k: de werkplek (1, of het gewicht bij een "
        "verwante opleiding), D_j: de leerlingen van lesplaats j, d: de afstand in km."
    ),
    "Tekortstraal": (
        "tekortstraal = de kleinste r (1, 2, …, {shortage_max_km} km) met "
        "W(r) ≥ tau · L(r);  W(r): werkplekken binnen r km, L(r): leerlingen van de "
        "lesplaatsen binnen r km, tau = {shortage_tau}."
    ),
    "Lift": (
        "lift = ((n_c + a · p_c) / (n + a)) / p_c;  n_c: erkende vestigingen met "
        "code c, n: alle erkende vestigingen voor de opleiding, p_c: aandeel van code "
        "c onder alle vestigingen, a = {prospect_lift_smoothing}."
    ),
    "Prospectscore": (
        "score = ({prospect_weight_nace}·NACE + {prospect_weight_lift}·(1 - 1/lift) "
        "+ {prospect_weight_distance}·nabijheid + {prospect_weight_employer}·werkgever "
        "+ {prospect_weight_warm}·warm) / (som van de gewichten);  nabijheid = "
        "e^(-afstand / {prospect_distance_km} km), maal {prospect_no_shortage} "
        "zonder tekort"
    ),
}
"""A formula under some terms (templates like the explanations)."""
