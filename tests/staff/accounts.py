"""Accounts of the roles, that can log in with a known password, and pass the second factor
the way a staff member does: with a code of their own authenticator key.

The one place where tests log staff in: ``log_in`` for Django's test client, ``pass_second_factor``
for a browser at the code step after the password. The enforcement stays on in tests."""

from __future__ import annotations

import base64
import re
import time

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from voorrang.accounts.second_factor import needs_second_factor

PASSWORD = "correct horse battery"


def account(username: str, *groups: str, superuser: bool = False):
    """A user in ``groups`` who can log in with PASSWORD; a staff account (any role but the
    seeker's, or a superuser) also has a confirmed authenticator key, as after its set-up.
    (The factory sets the password after the row is written, without saving it again: save
    here, so logging in works.)"""
    user = UserFactory(username=username, groups=list(groups))
    user.set_password(PASSWORD)
    user.is_superuser = superuser
    user.save()
    if needs_second_factor(user):
        authenticator(user)
    return user


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator key (made now if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def log_in(client, user):
    """Log ``user`` in on Django's test client; for a staff account, also mark the session
    verified with its authenticator key, as ``django_otp.login`` does after a right code."""
    client.force_login(user)
    if needs_second_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
        session.save()
    return user


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app of ``device`` shows now. A code is accepted once: if
    the current one was used already (two log-ins within 30 seconds), this waits for the
    next."""
    device.refresh_from_db()
    while True:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        if totp.t() > device.last_t:
            return f"{totp.token():0{device.digits}d}"
        time.sleep(1)


def code_for_key(base32_key: str) -> str:
    """What an authenticator app shows now for a key typed in as the set-up page shows it."""
    key = base32_key.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    return f"{totp.token():06d}"


def pass_second_factor(page, username: str) -> None:
    """In a browser just after the password was sent: a staff account is at the code step,
    and types the current code of its authenticator app; a seeker is not asked for one."""
    page.wait_for_load_state()
    user = get_user_model().objects.get(username=username)
    if not needs_second_factor(user):
        assert "/accounts/second-factor/" not in page.url, page.url
        return
    assert "/accounts/second-factor/?next=" in page.url, page.url
    page.locator("#id_code").fill(current_code(authenticator(user)))
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^(Log in|Inloggen)$")).click()


def set_up_second_factor(page) -> list[str]:
    """In a browser at the set-up page: add the shown key to an "app", type its code, and
    go on from the recovery codes (returned) to the page asked for."""
    page.wait_for_load_state()
    assert "/accounts/second-factor/set-up/" in page.url, page.url
    page.locator("#id_code").fill(code_for_key(page.locator("#totp-key").inner_text()))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/second-factor/recovery-codes/" in page.url, page.url
    codes = page.locator("main li.voorrang-secret").all_inner_texts()
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^(Continue|Verder)$")).click()
    return codes
