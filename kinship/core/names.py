"""Fictional names for demo data. Common Scottish first names and surnames, combined at random,
so no generated person is a real one."""

FIRST_NAMES = [
    "Agnes", "Ailsa", "Alasdair", "Alison", "Andrew", "Angus", "Anne", "Calum", "Catriona",
    "Christine", "Colin", "David", "Douglas", "Eilidh", "Elaine", "Euan", "Fiona", "Fraser",
    "Gordon", "Graham", "Heather", "Iain", "Isla", "Jean", "Jessie", "Kenneth", "Kirsty",
    "Lachlan", "Lorna", "Malcolm", "Margaret", "Marion", "Morag", "Murdo", "Neil", "Niamh",
    "Rhona", "Ross", "Ruaridh", "Sandra", "Seonaid", "Shona", "Stuart", "Thomas", "Una",
]
CHILD_NAMES = [
    "Ava", "Callum", "Ella", "Finn", "Freya", "Harris", "Isla", "Jack", "Leo", "Lewis",
    "Lily", "Mia", "Noah", "Olivia", "Orla", "Rory", "Ruby", "Skye", "Sophie", "Struan",
]
SURNAMES = [
    "Anderson", "Bain", "Baird", "Campbell", "Cameron", "Davidson", "Douglas", "Duncan",
    "Ferguson", "Fraser", "Gillies", "Graham", "Grant", "Hamilton", "Henderson", "Kerr",
    "MacDonald", "MacKay", "MacKenzie", "MacLean", "MacLeod", "Marshall", "Morrison", "Munro",
    "Murray", "Paterson", "Reid", "Robertson", "Ross", "Scott", "Sinclair", "Stewart",
    "Sutherland", "Thomson", "Wallace", "Watson", "Wilson", "Young",
]


def person_name(rng, child: bool = False) -> str:
    first = rng.choice(CHILD_NAMES if child else FIRST_NAMES)
    return f"{first} {rng.choice(SURNAMES)}"
