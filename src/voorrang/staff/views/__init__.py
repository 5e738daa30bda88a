"""Thin views of the staff pages: reads from ``allocation.pages``, writes through the services."""
