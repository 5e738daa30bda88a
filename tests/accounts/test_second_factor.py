"""The second factor of staff accounts: set up with a QR code and a first code, asked for
after the password, a recovery code instead, wrong codes throttled, reset by the application
manager (audited), new recovery codes (audited). Seekers never meet it."""

from __future__ import annotations

import base64
import datetime as dt
import re
import types

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.staff.accounts import PASSWORD, account, authenticator, current_code, log_in
from voorrang.accounts import services
from voorrang.audit.models import AuditEvent
from voorrang.errors import NotAllowed

pytestmark = pytest.mark.django_db

CODE_STEP = "/accounts/second-factor/"
SET_UP = "/accounts/second-factor/set-up/"
RECOVERY_CODES = "/accounts/second-factor/recovery-codes/"


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def still_clock(monkeypatch) -> types.SimpleNamespace:
    """django-otp's throttling reads the clock: it stands still here, moved by the test."""
    import django.utils.timezone as django_timezone

    clock = types.SimpleNamespace(moment=django_timezone.now())
    fixed = types.SimpleNamespace(now=lambda: clock.moment)
    monkeypatch.setattr("django_otp.models.timezone", fixed)
    monkeypatch.setattr("voorrang.accounts.second_factor.timezone", fixed)
    return clock


def password_log_in(client: Client, username: str, next_url: str = "/staff/"):
    return client.post(
        f"/accounts/login/?next={next_url}",
        {"username": username, "password": PASSWORD, "next": next_url},
    )


def codes_on(html: str) -> list[str]:
    return [
        code.replace(" ", "")
        for code in re.findall(r'<li class="voorrang-secret">([^<]+)</li>', html)
    ]


def test_after_the_password_a_staff_member_gives_the_code_and_reaches_the_page(client) -> None:
    user = account("verhuur", "staff-allocation")

    response = password_log_in(client, "verhuur")
    assert response["Location"] == "/staff/"
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_STEP}?next=%2Fstaff%2F"

    page = client.get(response["Location"]).content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    assert '<label for="id_code">' in page

    response = client.post(
        CODE_STEP, {"code": current_code(authenticator(user)), "next": "/staff/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_a_seeker_never_meets_the_code_step(client) -> None:
    seeker = account("zoeker@example.org", "seeker")
    assert not TOTPDevice.objects.filter(user=seeker).exists()
    client.force_login(seeker)

    for url in ("/", "/homes/", "/my/"):
        response = client.get(url)
        assert not response.get("Location", "").startswith(CODE_STEP), url
    assert client.get("/homes/").status_code == 200
    assert client.get(f"{CODE_STEP}?next=/homes/")["Location"] == "/homes/"
    assert client.get(f"{SET_UP}?next=/homes/")["Location"] == "/homes/"


def test_a_staff_member_without_a_key_sets_one_up_and_sees_the_recovery_codes_once(
    client, still_clock
) -> None:
    user = UserFactory(username="nieuw", groups=["staff-welfare"])
    client.force_login(user)  # any log-in route: it ends in Django's login()

    response = client.get("/staff/welfare/")
    assert response["Location"] == f"{SET_UP}?next=%2Fstaff%2Fwelfare%2F"
    page = client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = re.search(r'<p class="voorrang-secret" id="totp-key">([A-Z2-7 ]+)</p>', page).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", key)
    assert base64.b32decode(key.replace(" ", "")) == device.bin_key
    assert '<svg class="voorrang-qr__image"' in page
    assert "<script" not in page and " style=" not in page
    # The page shows the same key again (the app may be scanned a moment later).
    assert key in client.get(f"{SET_UP}?next=/staff/welfare/").content.decode()

    response = client.post(SET_UP, {"code": "000000", "next": "/staff/welfare/"})
    assert "This code is not right" in response.content.decode()
    assert client.get("/staff/welfare/").status_code == 302

    still_clock.moment += dt.timedelta(seconds=1)  # the wait after one wrong code
    response = client.post(SET_UP, {"code": current_code(device), "next": "/staff/welfare/"})
    assert response["Location"] == f"{RECOVERY_CODES}?next=%2Fstaff%2Fwelfare%2F"
    page = client.get(response["Location"]).content.decode()
    codes = codes_on(page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "Keep these codes in a safe place now." in page
    assert 'href="/staff/welfare/"' in page
    assert codes_on(client.get(RECOVERY_CODES).content.decode()) == []  # shown once

    assert client.get("/staff/welfare/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get(action="account.second_factor_set_up")
    assert (event.actor, event.object_id) == (user, str(user.pk))
    # With a key, the set-up page does not offer another: the code step guards it.
    other = Client()
    other.force_login(user)
    assert other.get(SET_UP)["Location"].startswith(CODE_STEP)


def test_a_wrong_code_is_refused_and_the_next_tries_must_wait(client, still_clock) -> None:
    user = account("verhuur", "staff-allocation")
    client.force_login(user)
    right = current_code(authenticator(user))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(CODE_STEP, {"code": wrong})
    assert response.status_code == 200
    assert "This code is not right. Check it and try again." in response.content.decode()

    # Within a second of the wrong code even the right one is refused, with the wait.
    response = client.post(CODE_STEP, {"code": right})
    assert response.status_code == 429
    assert "You typed a wrong code too often. Wait 1 second" in response.content.decode()
    assert client.get("/staff/").status_code == 302

    # Each wrong code doubles the wait.
    still_clock.moment += dt.timedelta(seconds=1)
    assert client.post(CODE_STEP, {"code": wrong}).status_code == 200
    still_clock.moment += dt.timedelta(seconds=1)
    response = client.post(CODE_STEP, {"code": right})
    assert response.status_code == 429
    assert "Wait 1 second" in response.content.decode()
    still_clock.moment += dt.timedelta(seconds=1)
    assert client.post(CODE_STEP, {"code": right}).status_code == 302
    assert client.get("/staff/").status_code == 200


def test_a_recovery_code_works_once(client) -> None:
    user = account("onderzoek", "researcher")
    codes = services.renew_recovery_codes(user=user)

    password_log_in(client, "onderzoek", "/evaluation/")
    response = client.post(CODE_STEP, {"recovery_code": codes[0].upper(), "next": "/evaluation/"})
    assert response["Location"] == "/evaluation/"
    assert "You have 9 left." in client.get("/evaluation/", follow=True).content.decode()

    again = Client(headers={"accept-language": "en"})
    again.force_login(user)
    response = again.post(CODE_STEP, {"recovery_code": codes[0]})
    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert again.get("/evaluation/").status_code == 302


def test_a_reset_by_the_application_manager_is_audited_and_forces_a_new_set_up(
    client,
) -> None:
    manager = account("beheer", "admin")
    user = account("verhuur", "staff-allocation")
    services.renew_recovery_codes(user=user)
    log_in(client, user)
    assert client.get("/staff/").status_code == 200

    with pytest.raises(NotAllowed):
        services.reset_second_factor(user=user, actor=account("collega", "staff-allocation"))
    services.reset_second_factor(user=user, actor=manager)

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="account.second_factor_reset")
    assert (event.actor, event.object_id) == (manager, str(user.pk))
    assert event.summary == "reset by beheer"
    # The session verified with the old key no longer counts: set up anew.
    response = client.get("/staff/")
    assert response["Location"] == f"{SET_UP}?next=%2Fstaff%2F"


def test_the_application_manager_resets_in_the_administration(client) -> None:
    manager = account("beheer", "admin", superuser=True)
    manager.is_staff = True
    manager.save()
    user = account("verhuur", "staff-allocation")
    log_in(client, manager)

    response = client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [user.pk]}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="account.second_factor_reset")
    assert (event.actor, event.object_id) == (manager, str(user.pk))


def test_a_superuser_without_the_admin_role_is_not_offered_the_reset(client) -> None:
    superuser = account("super", superuser=True)
    superuser.is_staff = True
    superuser.save()
    user = account("verhuur", "staff-allocation")
    log_in(client, superuser)

    page = client.get("/admin/auth/user/").content.decode()
    assert "reset_second_factor" not in page
    client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [user.pk]}
    )
    assert TOTPDevice.objects.filter(user=user).exists()


def test_the_reset_on_the_command_line_is_audited() -> None:
    user = account("verhuur", "staff-allocation")

    call_command("reset_second_factor", "verhuur", "--reason", "phone lost")

    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="account.second_factor_reset")
    assert (event.actor, event.summary, event.reason) == (
        None,
        "reset on the command line",
        "phone lost",
    )
    with pytest.raises(CommandError):
        call_command("reset_second_factor", "nobody")


def test_a_staff_member_makes_new_recovery_codes_and_the_old_stop_working(
    client, still_clock
) -> None:
    user = account("beleid", "policy")
    old = services.renew_recovery_codes(user=user)
    log_in(client, user)

    assert (
        "You have 10 unused recovery codes."
        in client.get("/accounts/second-factor/recovery-codes/new/").content.decode()
    )
    response = client.post("/accounts/second-factor/recovery-codes/new/")
    new = codes_on(client.get(response["Location"]).content.decode())

    assert len(new) == 10 and not set(new) & set(old)
    events = AuditEvent.objects.filter(action="account.recovery_codes_renewed", actor=user)
    assert events.count() == 2  # the one above, through the service, and this one
    other = Client()
    other.force_login(user)
    assert other.post(CODE_STEP, {"recovery_code": old[1]}).status_code == 200
    still_clock.moment += dt.timedelta(seconds=1)
    assert other.post(CODE_STEP, {"recovery_code": new[1]}).status_code == 302


def test_a_log_in_through_another_backend_also_meets_the_code_step(client, settings) -> None:
    """Single sign-on brings its own authentication backend, which loads the account without
    voorrang's backend: the code step is still asked for, read from the account's roles."""
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "django.contrib.auth.backends.ModelBackend",
    ]
    user = account("beleid", "policy")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/staff/simulations/")
    assert response["Location"] == f"{CODE_STEP}?next=%2Fstaff%2Fsimulations%2F"
    response = client.post(CODE_STEP, {"code": current_code(authenticator(user))})
    assert client.get("/staff/simulations/").status_code == 200


def test_the_header_links_a_verified_staff_member_to_their_recovery_codes(client) -> None:
    user = account("verhuur", "staff-allocation")
    link = '<a href="/accounts/second-factor/recovery-codes/new/">Recovery codes</a>'
    log_in(client, user)
    assert link in client.get("/staff/").content.decode()
    seeker = Client(headers={"accept-language": "en"})
    seeker.force_login(account("zoeker@example.org", "seeker"))
    assert link not in seeker.get("/homes/").content.decode()
