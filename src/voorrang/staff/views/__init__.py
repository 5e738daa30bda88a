"""Thin views of the staff pages: reads from ``allocation.selectors``, writes through the
services."""
