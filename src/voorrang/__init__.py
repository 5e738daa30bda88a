"""Voorrang: targeted social-housing allocation."""

__version__ = "0.1.0"
