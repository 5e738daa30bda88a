"""The DigiD log-in through the mock identity provider, in Django's test client, as a
browser goes: Voorrang -> the mock DigiD -> type a BSN -> back to Voorrang."""

from __future__ import annotations

import html
import re

from django.core import mail
from django.test import TestCase

from tests.conftest import TEST_BSN_KEY
from voorrang.accounts.digid.bsn import bsn_digest

# BSNs that pass the eleven-test (the mock's form checks it).
BSN = "111222333"
OTHER_BSN = "123456782"
THIRD_BSN = "999993653"


def digest(bsn: str) -> str:
    return bsn_digest(bsn, key=TEST_BSN_KEY)


def log_in_with_digid(client, bsn: str):
    """Return Voorrang's answer to the browser coming back from DigiD."""
    to_digid = client.get("/digid/")
    assert to_digid.status_code == 302, to_digid
    choice = client.get(to_digid["Location"])
    assert choice.status_code == 200
    bsn_page = html.unescape(re.search(r"href='([^']*/digid-mock/bsn/[^']*)'", choice.text)[1])
    assert client.get(bsn_page).status_code == 200
    typed = client.post(bsn_page, {"auth_bsn": bsn})
    assert typed.status_code == 302, typed.content
    return client.get(typed["Location"])


def ask_for_link(client, bsn: str, email: str):
    """A DigiD log-in that matches no account, then the email address typed."""
    back = log_in_with_digid(client, bsn)
    assert back.status_code == 302 and back["Location"] == "/digid/link/"
    # The email leaves when the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/digid/link/", {"email": email})


def link_path_in_last_email() -> str:
    link = re.search(r"https?://\S+", mail.outbox[-1].body)[0]
    return re.sub(r"^https?://[^/]+", "", link)


def logged_in_account_id(client) -> str | None:
    return client.session.get("_auth_user_id")
