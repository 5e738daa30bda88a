"""Seekers logging in with DigiD (docs/identity.md)."""

from __future__ import annotations

from voorrang.config.env.declaration import Kind, Setting

SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="VOORRANG_DIGID",
        kind=Kind.CHOICE,
        default="off",
        choices=("off", "mock", "real"),
        description=(
            "Logging in with DigiD for seekers. `off`: only email and password. `mock`: the "
            "mock DigiD of django-digid-eherkenning, where anyone types any BSN; for the demo "
            "and the tests only, never on a server that others can reach (`voorrang demo` "
            "switches it on). `real`: DigiD of Logius over SAML; needs "
            "`VOORRANG_BSN_KEY` and the `VOORRANG_DIGID_*` settings below (docs/identity.md)."
        ),
    ),
    Setting(
        name="VOORRANG_BSN_KEY",
        kind=Kind.STRING,
        default_text=(
            "with `mock`: generated once and kept in `<VOORRANG_DATA_DIR>/bsn_key` (mode "
            "0600); with `real`: required"
        ),
        description=(
            "The key (at least 32 characters) of the hash under which a seeker's BSN is kept: "
            "HMAC-SHA256 of the BSN, never the number itself. Keep it secret and keep it "
            "safe: with another key no seeker's DigiD matches their account any more (they "
            "link it again by email). Generate one with "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        ),
    ),
    Setting(
        name="VOORRANG_DIGID_ENTITY_ID",
        kind=Kind.STRING,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description=(
            "The SAML entity ID of this installation as a DigiD service provider, as agreed "
            "with Logius (often the public address, e.g. `https://voorrang.example.nl`). "
            "The DigiD pages use `VOORRANG_PUBLIC_URL` as the base of their addresses."
        ),
    ),
    Setting(
        name="VOORRANG_DIGID_KEY_FILE",
        kind=Kind.PATH,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description=(
            "The private key (PEM) of the PKIoverheid certificate with which this "
            "installation signs its SAML messages and connects to DigiD. Readable only by "
            "the user Voorrang runs as."
        ),
    ),
    Setting(
        name="VOORRANG_DIGID_CERT_FILE",
        kind=Kind.PATH,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description="The PKIoverheid certificate (PEM) that belongs to `VOORRANG_DIGID_KEY_FILE`.",
    ),
    Setting(
        name="VOORRANG_DIGID_IDP_METADATA_FILE",
        kind=Kind.PATH,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description=(
            "The SAML metadata of DigiD (the identity provider) as Logius publishes it for "
            "the pre-production or the production environment, saved as a file."
        ),
    ),
    Setting(
        name="VOORRANG_DIGID_IDP_ENTITY_ID",
        kind=Kind.STRING,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description=(
            "The entity ID of DigiD in that metadata, e.g. "
            "`https://was-preprod1.digid.nl/saml/idp/metadata` for the pre-production "
            "environment."
        ),
    ),
)
