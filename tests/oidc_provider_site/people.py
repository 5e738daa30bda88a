"""The test provider's client for Voorrang and its people (no Django imports: the tests in
Voorrang's process read these too)."""

from __future__ import annotations

PASSWORD = "provider password 1"
CLIENT_ID = "voorrang"
CLIENT_SECRET = "voorrang client secret at the test provider"
OTHER_CLIENT_ID = "another-application"
# user name: given name, family name, groups at the start of each test
PEOPLE = {
    "anna": ("Anna", "de Vries", ["letting-staff"]),
    "wim": ("Wim", "Bakker", ["welfare", "canteen"]),
    "kees": ("Kees", "Jansen", ["canteen"]),
    "mallory": ("Mallory", "Smit", ["letting-staff"]),
}
