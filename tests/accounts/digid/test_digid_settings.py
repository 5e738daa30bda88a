"""DigiD's settings as a fresh process reads them, and a real (SAML) connection configured
from them: the signed authentication request it sends the browser to DigiD with."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import stat
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command

from tests.processes import clean_environment, read_settings, settings_refusal

IDP_ENTITY_ID = "https://digid.example/saml/idp/metadata"
IDP_SSO = "https://digid.example/saml/idp/request_authentication"


def test_with_the_mock_the_bsn_key_is_generated_in_the_data_folder(tmp_path: Path) -> None:
    env = clean_environment(VOORRANG_DIGID="mock")

    key = read_settings("VOORRANG_BSN_KEY", cwd=tmp_path, env=env)["VOORRANG_BSN_KEY"]

    key_file = tmp_path / "data" / "bsn_key"
    assert len(key) >= 50
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_real_connection_needs_a_key_of_its_own_and_the_saml_files(tmp_path: Path) -> None:
    assert "VOORRANG_DIGID=real needs VOORRANG_BSN_KEY" in settings_refusal(
        cwd=tmp_path, VOORRANG_DIGID="real"
    )
    assert "at least 32 characters" in settings_refusal(cwd=tmp_path, VOORRANG_BSN_KEY="short")
    missing = settings_refusal(cwd=tmp_path, VOORRANG_DIGID="real", VOORRANG_BSN_KEY="k" * 32)
    assert "needs VOORRANG_DIGID_ENTITY_ID, VOORRANG_DIGID_KEY_FILE" in missing
    assert not (tmp_path / "data" / "bsn_key").exists()


def _certificate(folder: Path) -> tuple[Path, Path, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "voorrang.example")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / "key.pem", folder / "cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    cert_file.write_text(pem)
    body = "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)
    return key_file, cert_file, body


@pytest.fixture
def real_connection(settings, tmp_path) -> None:
    key_file, cert_file, certificate = _certificate(tmp_path)
    metadata = tmp_path / "digid-metadata.xml"
    metadata.write_text(
        f"""<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP_ENTITY_ID}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{certificate}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:ArtifactResolutionService index="0"
        Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
        Location="https://digid.example/saml/idp/resolve_artifact"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{IDP_SSO}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        Location="{IDP_SSO}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""
    )
    settings.VOORRANG_DIGID = "real"
    settings.VOORRANG_PUBLIC_URL = "https://voorrang.example"
    settings.VOORRANG_DIGID_SAML = {
        "entity_id": "https://voorrang.example",
        "key_file": key_file,
        "cert_file": cert_file,
        "idp_metadata_file": metadata,
        "idp_entity_id": IDP_ENTITY_ID,
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("real_connection")
def test_a_real_connection_sends_a_signed_request_to_digid(client) -> None:
    page = client.get("/digid/")

    assert page.status_code == 200
    assert f'action="{IDP_SSO}"' in page.text
    # The Content-Security-Policy lets this page's form, and no other, post to DigiD.
    sso = urlsplit(IDP_SSO)
    assert f"form-action 'self' {sso.scheme}://{sso.netloc}" in page["Content-Security-Policy"]
    assert "digid" not in client.get("/accounts/login/")["Content-Security-Policy"]
    encoded = re.search(r'name="SAMLRequest" value="([^"]+)"', page.text)[1]
    request = base64.b64decode(encoded).decode()
    assert f'Destination="{IDP_SSO}"' in request
    assert 'AssertionConsumerServiceURL="https://voorrang.example/digid/acs/"' in request
    assert "<saml:Issuer>https://voorrang.example</saml:Issuer>" in request
    assert "<ds:SignatureValue>" in request
    # The mock is not there beside a real connection, and a return without an artifact
    # logs nobody in.
    assert client.get("/digid-mock/", {"acs": "/digid/acs/", "next": "/"}).status_code == 404
    assert client.get("/digid/acs/", {"bsn": "111222333"})["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("real_connection")
def test_the_metadata_for_logius_names_the_service_and_its_return_address() -> None:
    out = io.StringIO()

    call_command("digid_metadata", stdout=out)

    metadata = out.getvalue()
    assert 'entityID="https://voorrang.example"' in metadata
    assert 'Location="https://voorrang.example/digid/acs/"' in metadata
    assert "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" in metadata
    assert "<ds:SignatureValue>" in metadata


def test_without_a_real_connection_there_is_no_metadata(settings) -> None:
    with pytest.raises(CommandError, match="not 'real'"):
        call_command("digid_metadata")
