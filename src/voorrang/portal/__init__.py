"""The public pages: what Voorrang is, the accessibility statement, and (later) the seekers' own."""
