"""The synthetic Vollenhove: a deterministic demo of five years of targeted allocation."""
