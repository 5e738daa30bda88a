"""Accounts and roles: the Django groups of the roles matrix, log-in and log-out."""
