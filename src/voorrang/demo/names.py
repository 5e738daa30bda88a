"""Word lists for the synthetic Vollenhove. Names are combined at random, so the people are
invented; street names are made from the parts below, so the addresses are invented too."""

from __future__ import annotations

FIRST_NAMES = (
    # Dutch
    "Anna", "Bram", "Daan", "Emma", "Eva", "Femke", "Floor", "Fleur", "Gijs", "Hanna", "Iris",
    "Jasper", "Joris", "Julia", "Kees", "Lars", "Lieke", "Lotte", "Luuk", "Maartje", "Marieke",
    "Mees", "Milan", "Noor", "Pieter", "Rik", "Roos", "Ruben", "Sanne", "Sem", "Sophie", "Stijn",
    "Thijs", "Tim", "Vera", "Wouter", "Yara", "Zoë", "Bas", "Anouk", "Geert", "Hendrik", "Ineke",
    "Janneke", "Karin", "Marloes", "Niels", "Petra", "Rianne", "Wim", "Tineke", "Henk", "Joke",
    "Gerrit", "Truus", "Corrie", "Jan", "Els", "Ton", "Marja",
    # Moroccan, Turkish, Surinamese, Antillean, Indonesian, and more
    "Mohammed", "Fatima", "Youssef", "Khadija", "Said", "Samira", "Hamza", "Nadia", "Bilal",
    "Soufiane", "Imane", "Zakaria", "Ayşe", "Mehmet", "Emre", "Elif", "Zeynep", "Mustafa",
    "Hatice", "Burak", "Esra", "Kevin", "Shanti", "Ravi", "Sharon", "Jermaine", "Denise",
    "Priya", "Dewi", "Rudi", "Indah", "Agus", "Maria", "José", "Ana", "Tomasz", "Agnieszka",
    "Piotr", "Olena", "Dmytro", "Yonas", "Senait", "Abdi", "Hodan", "Amir", "Leila", "Omar",
    "Rania", "Tariq", "Nour", "Chen", "Mei", "Linh", "Minh", "Kofi", "Ama",
)  # fmt: skip

LAST_NAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Lange", "Kuipers",
    "van Wijk", "Post", "Kuiper", "Veenstra", "Kramer", "van den Brink", "Scholten",
    "van Wijngaarden", "Timmermans", "Groen", "Gerritsen", "Boer", "Evers", "Wouters",
    "Hermans", "Verbeek",
    "El Amrani", "Bouzid", "El Idrissi", "Benali", "Ait Taleb", "Azzouz", "Chaoui", "Haddou",
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan",
    "Doğan", "Kartosen", "Sital", "Ramdin", "Jagesar", "Biharie", "Pinas", "Kromodikoro",
    "Martina", "Rosaria", "Sutanto", "Wijaya", "Hartono", "Santos", "Pereira", "Rodrigues",
    "Kowalski", "Nowak", "Wiśniewska", "Kovalenko", "Shevchenko", "Tesfaye", "Mohamed",
    "Hassan", "Ali", "Ahmadi", "Rahimi", "Nguyen", "Tran", "Mensah", "Owusu", "Boateng",
)  # fmt: skip

# Street names for the seekers' current addresses: a tree, plant, bird or old trade, and a kind
# of street. Combined at random, they sound Dutch without naming any one real street.
STREET_STEMS = (
    "Berken", "Linden", "Eiken", "Hazelaar", "Vlier", "Meidoorn", "Sleedoorn", "Kamperfoelie",
    "Zilverschoon", "Boterbloem", "Wilgenroosje", "Klaproos", "Korenbloem", "Lijsterbes",
    "Merel", "Grutto", "Kievit", "Tureluur", "Zwaluw", "Roodborst", "Spreeuw", "Wielewaal",
    "Kuiper", "Smids", "Wever", "Molenaars", "Bakkers", "Touwslagers", "Leerlooiers", "Turf",
    "Heide", "Duin", "Beek", "Veld", "Bosrand", "Akker", "Weide", "Esdoorn", "Plataan",
)  # fmt: skip
STREET_KINDS = ("laan", "straat", "weg", "hof", "dreef", "plantsoen", "singel", "pad")

# Towns of the region, with the first postcode digits of a few of their districts. The local tie
# is to Zeist; the other towns are near enough for their residents to respond too.
TOWNS = (
    ("Zeist", ("3701", "3702", "3703", "3704", "3705", "3706", "3707", "3708", "3709")),
    ("Utrecht", ("3511", "3514", "3521", "3525", "3531", "3544", "3555", "3563", "3581")),
    ("De Bilt", ("3731", "3732")),
    ("Bilthoven", ("3721", "3722", "3723")),
    ("Den Dolder", ("3734",)),
    ("Bunnik", ("3981",)),
    ("Driebergen-Rijsenburg", ("3971", "3972")),
    ("Houten", ("3991", "3992", "3995")),
    ("Amersfoort", ("3811", "3815", "3823")),
)

# Letters of postcodes; SA, SD and SS are not issued, so they are left out.
POSTCODE_LETTERS = tuple(
    a + b
    for a in "ABCDEGHJKLMNPRSTVWXZ"
    for b in "ABCDEGHJKLMNPRSTVWXZ"
    if a + b not in ("SA", "SD", "SS")
)

URGENCY_GROUNDS = (
    "medical grounds",
    "leaving a shelter",
    "divorce with children",
    "leaving care",
    "home uninhabitable",
    "domestic violence",
)
# The kind of urgency (seekers.models.UrgencyKind) each of the grounds above is.
URGENCY_KINDS = {
    "medical grounds": "medical",
    "leaving a shelter": "shelter",
    "divorce with children": "divorce_children",
    "leaving care": "leaving_care",
    "home uninhabitable": "uninhabitable",
    "domestic violence": "domestic_violence",
}
URGENCY_ISSUERS = (
    "Urgentiecommissie regio Utrecht",
    "Gemeente Zeist, afdeling Wonen",
    "GGD regio Utrecht",
)

REFUSAL_TEXTS = (
    "The candidate will move in with a partner instead.",
    "The balcony faces the motorway; the candidate wants a quiet side.",
    "The candidate's employer moved to another region.",
    "Too far from the children's school.",
    "The candidate wants to stay near an ill parent.",
)

# Why the checks at offer occasionally fail after an acceptance.
CHECK_FAILURES = (
    "The income on the tax statement is above the limit for this home.",
    "The household did not hand in the landlord's statement in time.",
    "The income statement belongs to a different year; a current one was not supplied.",
)

# Why a vacancy is occasionally taken back before it is let.
WITHDRAWAL_REASONS = (
    "The outgoing tenant withdrew the notice.",
    "Asbestos found during the inspection: the home is renovated first.",
    "The home is needed to rehouse a tenant of a building under renovation.",
    "Water damage: the home cannot be let for now.",
)
