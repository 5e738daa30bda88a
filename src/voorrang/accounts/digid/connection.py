"""The connection to DigiD: off, the mock identity provider of django-digid-eherkenning, or
Logius over SAML (artifact binding) with the files named in the environment.

django-digid-eherkenning keeps a real connection's configuration in its database models
(edited in the admin); Voorrang reads it from the declared settings instead, so that an
installation is configured in one place (docs/settings.md) and the certificate and key stay
files of the server, never rows of the database."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from digid_eherkenning.choices import SectorType
from digid_eherkenning.saml2.digid import DigiDClient
from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse

OFF, MOCK, REAL = "off", "mock", "real"


def mode() -> str:
    return settings.VOORRANG_DIGID


def enabled() -> bool:
    return mode() != OFF


def require(*modes: str) -> None:
    """A DigiD page that the configured connection does not have is not there (404)."""
    if mode() not in modes:
        raise Http404


class _ServerFile:
    """A file on the server where django-digid-eherkenning expects a FileField's file: it
    opens it and reads its ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def open(self, mode: str = "r") -> IO[Any]:
        return open(self.path, mode)


class SettingsDigiDClient(DigiDClient):
    """django-digid-eherkenning's SAML client, configured from the settings."""

    @property
    def conf(self) -> dict[str, Any]:
        if not hasattr(self, "_conf"):
            saml = settings.VOORRANG_DIGID_SAML
            self._conf = {
                "base_url": settings.VOORRANG_PUBLIC_URL,
                "entity_id": saml["entity_id"],
                "metadata_file": _ServerFile(saml["idp_metadata_file"]),
                "key_file": _ServerFile(saml["key_file"]),
                "cert_file": _ServerFile(saml["cert_file"]),
                "next_cert_file": None,
                "service_entity_id": saml["idp_entity_id"],
                "attribute_consuming_service_index": "1",
                "service_name": "Voorrang",
                "service_description": "Inloggen voor woningzoekenden",
                "requested_attributes": [{"name": "bsn", "required": True}],
                "want_assertions_encrypted": False,
                "want_assertions_signed": True,
                "signature_algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                "digest_algorithm": "http://www.w3.org/2001/04/xmlenc#sha256",
                "technical_contact_person": None,
                "administrative_contact_person": None,
                "organization": None,
                "session_age": settings.DIGID_SESSION_AGE,
                # Voorrang logs out locally only (DigiD's single log-out is not offered).
                "slo": False,
                "artifact_resolve_content_type": "application/soap+xml",
                "acs_path": reverse("digid:acs"),
            }
        return self._conf


def service_provider_metadata() -> bytes:
    """This installation's SAML metadata (signed with its key), which Logius asks for."""
    client = SettingsDigiDClient()
    client.saml2_setting_kwargs = {"sp_validation_only": True}
    return client.create_metadata()


def bsn_from_artifact(request: HttpRequest, artifact: str) -> str | None:
    """Resolve the SAML artifact that DigiD sent the browser back with into the BSN, or None
    when DigiD reports no BSN (a cancelled log-in raises the library's validation error)."""
    response = SettingsDigiDClient().artifact_resolve(request, artifact)
    sector, _separator, number = response.get_nameid().partition(":")
    return number if sector == SectorType.bsn else None
