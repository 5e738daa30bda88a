"""The second factor of staff accounts (reads): who needs one, the devices of an account, the
key as an authenticator app takes it, and checking a code.

Every role but the seeker's uses a second factor: a time-based code from an authenticator app
(django-otp's TOTP device), or one of the account's single-use recovery codes (its static
device). Whether a request is verified is django-otp's ``user.is_verified()``, set by its
middleware from the session; ``voorrang.accounts.middleware`` enforces it on every page,
whatever way the person logged in."""

from __future__ import annotations

import base64
import enum
import math
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from voorrang.accounts.roles import Role
from voorrang.roles import role_names

# Sessions keep the recovery codes just made until the page that shows them once.
NEW_RECOVERY_CODES_SESSION_KEY = "voorrang_new_recovery_codes"
RECOVERY_CODE_COUNT = 10


def needs_second_factor(user: Any) -> bool:
    """Staff accounts do: superusers, accounts that may open the Django admin, and every
    account with a role other than the seeker's."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    # Read with the account by voorrang.accounts.backends; an account loaded otherwise (another
    # log-in route's backend) asks the database.
    has_staff_role = getattr(user, "_voorrang_has_staff_role", None)
    if has_staff_role is not None:
        return has_staff_role
    return bool(role_names(user) - {Role.SEEKER.value})


def is_verified(user: Any) -> bool:
    """Whether this request's session passed the second factor (django-otp's middleware
    gives authenticated users ``is_verified``)."""
    verified = getattr(user, "is_verified", None)
    return bool(verified is not None and verified())


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def unconfirmed_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def remaining_recovery_codes(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def base32_key(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed (RFC 4648 base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def grouped(text: str, size: int = 4) -> str:
    """Groups of four, for reading aloud and typing without losing one's place."""
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def otpauth_uri(device: TOTPDevice) -> str:
    """The otpauth:// link that a QR code carries (issuer from OTP_TOTP_ISSUER)."""
    return device.config_url


def qr_code_svg(data: str) -> str:
    """A QR code as inline SVG, made here: the key never leaves the server for a QR service,
    and the page needs no JavaScript. Sized by CSS (no style attributes: see the CSP)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # The figure around it names it; the drawing itself is decoration for screen readers.
    return svg.replace("<svg ", '<svg class="voorrang-qr__image" aria-hidden="true" ', 1)


def normalise_code(code: str) -> str:
    """Codes as people type them: spaces and dashes between groups, any letter case."""
    return "".join(code.split()).replace("-", "").lower()


class CodeCheck(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class CodeOutcome:
    check: CodeCheck
    device: Any = None
    # When throttled: how many seconds until the next try is allowed.
    wait_seconds: int = 0


def _throttled(device: Any) -> int:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def check_code(device: Any, code: str) -> CodeOutcome:
    """Check ``code`` against one device, within django-otp's throttling: each wrong code
    doubles the wait before the next try on that device. (It counts failures in the
    database: run it outside a transaction that could be rolled back.)"""
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        wait = _throttled(device)
        if wait:
            return CodeOutcome(CodeCheck.THROTTLED, device, wait)
        if device.verify_token(code):
            return CodeOutcome(CodeCheck.ACCEPTED, device)
    return CodeOutcome(CodeCheck.WRONG, device)


def check_app_code(user: Any, code: str) -> CodeOutcome:
    """A code from the authenticator app, against the account's confirmed key."""
    device = confirmed_totp_device(user)
    if device is None:
        return CodeOutcome(CodeCheck.WRONG)
    return check_code(device, normalise_code(code))


def check_recovery_code(user: Any, code: str) -> CodeOutcome:
    """One of the account's recovery codes; a code that works is used up."""
    device = recovery_device(user)
    if device is None:
        return CodeOutcome(CodeCheck.WRONG)
    return check_code(device, normalise_code(code))
