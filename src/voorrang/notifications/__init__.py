"""Emails to seekers (``emails``) and the batches of them that wait to be sent (``models``)."""
