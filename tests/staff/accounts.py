"""Accounts of the roles, that can log in with a known password, and pass the second factor
the way a staff member does: with a code of their own authenticator key.

The one place where tests log staff in: ``log_in`` for Django's test client, ``type_code``
for a browser at the code step after the password. The enforcement stays on in tests."""

from __future__ import annotations

import time

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


def type_code(page, user) -> None:
    """In a browser at the code step after the password: type the current code of the
    user's authenticator app and submit."""
    page.locator("#id_code").fill(current_code(authenticator(user)))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
