"""Imports of stock, registrations, responses and urgency declarations from the systems the
corporations already run (CSV, XLSX, VERA JSON), by the command line, the staff page and the
VERA interface: one row is checked, previewed and written the same way through every door."""
