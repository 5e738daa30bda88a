"""Seekers log in with DigiD: the BSN's keyed hash, the connection (mock or SAML), the
linking of a DigiD to one seeker account, and the pages of the log-in."""
