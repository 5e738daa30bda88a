"""The BSN is kept only as its keyed hash: not in any table, not in the session, the
emails, the audit trail or the log; the hash itself appears on no page and in no export."""

from __future__ import annotations

import logging

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from tests.accounts.digid.flow import (
    BSN,
    OTHER_BSN,
    ask_for_link,
    digest,
    link_path_in_last_email,
    log_in_with_digid,
)
from tests.portal.helpers import seeker_with_account
from tests.staff.accounts import account, log_in
from voorrang.accounts.digid.bsn import InvalidBSN, bsn_digest
from voorrang.accounts.models import DigidIdentity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _every_stored_text() -> str:
    """Every value of every row of every table, as text, and the decoded sessions."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            texts.extend(repr(row) for row in cursor.fetchall())
    texts.extend(repr(session.get_decoded()) for session in Session.objects.all())
    return "\n".join(texts)


def test_the_bsn_is_nowhere_in_the_database_the_emails_or_the_log(client, caplog, capsys) -> None:
    caplog.set_level(logging.DEBUG)
    seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    client.post(link_path_in_last_email())
    client.logout()
    log_in_with_digid(client, BSN)
    ask_for_link(type(client)(), OTHER_BSN, "nieuw@example.org")  # a request left pending

    stored = _every_stored_text()
    assert digest(BSN) in stored  # the scan does see the hash
    for bsn in (BSN, OTHER_BSN):
        assert bsn not in stored
        assert all(bsn not in message.body for message in mail.outbox)
        assert bsn not in caplog.text
        captured = capsys.readouterr()
        assert bsn not in captured.out + captured.err


def test_the_hash_is_shown_neither_to_staff_nor_in_the_export(client) -> None:
    user, seeker = seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    client.post(link_path_in_last_email())
    hidden = (BSN, digest(BSN))

    own_export = client.get("/my/data/")
    assert own_export.status_code == 200
    staff = type(client)()
    log_in(staff, account("verhuurder", "staff-allocation"))
    staff_page = staff.get(f"/staff/seekers/{seeker.registration_number}/")
    assert staff_page.status_code == 200
    manager = account("beheer", "admin", superuser=True)
    manager.is_staff = True
    manager.save()
    admin = type(client)()
    log_in(admin, manager)
    admin_page = admin.get(f"/admin/auth/user/{user.pk}/change/")
    assert admin_page.status_code == 200

    for page in (own_export, staff_page, admin_page):
        assert all(text not in page.content.decode() for text in hidden)


def test_one_bsn_gives_one_hash_and_another_key_another() -> None:
    key = "k" * 32
    assert bsn_digest(BSN, key=key) == bsn_digest(f" {BSN} ", key=key)
    assert bsn_digest("011222333", key=key) == bsn_digest("11222333", key=key)
    assert bsn_digest(BSN, key=key) != bsn_digest(OTHER_BSN, key=key)
    assert bsn_digest(BSN, key=key) != bsn_digest(BSN, key="l" * 32)
    assert len(bsn_digest(BSN, key=key)) == 64


@pytest.mark.parametrize("text", ["", "12345", "1234567890", "12345678a", "١٢٣٤٥٦٧٨٩"])
def test_what_is_not_a_bsn_is_refused(text: str) -> None:
    with pytest.raises(InvalidBSN):
        bsn_digest(text, key="k" * 32)


def test_a_bsn_is_linked_to_one_account_only(client) -> None:
    seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    client.post(link_path_in_last_email())

    with pytest.raises(IntegrityError), transaction.atomic():
        DigidIdentity.objects.create(
            account=seeker_with_account("piet@example.org")[0],
            bsn_digest=digest(BSN),
            linked_at=DigidIdentity.objects.get().linked_at,
        )
