"""Records kept and given out: the research export's key, the seekers' income evidence, and
the approvals and retention of the targeted track."""

from __future__ import annotations

from voorrang.config.env.declaration import Kind, Setting

SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="VOORRANG_RESEARCH_KEY",
        kind=Kind.STRING,
        default_text="unset: the research export refuses to run",
        description=(
            "The controller's key (at least 32 characters) for the pseudonyms of the research "
            "export: HMAC-SHA256 of each record's number. Keep it with the corporation, never "
            "with the researchers; the same key gives the same pseudonyms in every export. "
            "Generate one with `python -c 'import secrets; print(secrets.token_hex(32))'`."
        ),
    ),
    Setting(
        name="VOORRANG_EVIDENCE_MAX_MB",
        kind=Kind.INTEGER,
        default="10",
        description=(
            "Largest upload of income evidence, in megabytes. Uploads are kept in the file "
            "storage (`VOORRANG_FILE_STORAGE`) under `evidence/`, never among the public "
            "static files."
        ),
    ),
    Setting(
        name="VOORRANG_ABANDONED_EVIDENCE_DAYS",
        kind=Kind.INTEGER,
        default="30",
        description=(
            "Days after its upload after which `voorrang manage clean_abandoned_evidence` "
            "removes an income evidence file of a registration that was started but never "
            "submitted (the file and its record). Files under `evidence/` that no record "
            "refers to are removed a day after they were written."
        ),
    ),
    Setting(
        name="VOORRANG_APPROVAL_MONTHS",
        kind=Kind.INTEGER,
        default="12",
        description=(
            "How long an approval of the targeted track is valid, in months, counted from the "
            "decision or the renewal. While valid, the seeker is in the commitment tier of "
            "the building's targeted vacancies."
        ),
    ),
    Setting(
        name="VOORRANG_TRACK_OBJECTION_WEEKS",
        kind=Kind.INTEGER,
        default="6",
        description=(
            "Weeks a seeker has to lodge an objection (bezwaar) against the decline of a "
            "targeted-track application, counted from the day of the decline (as the six weeks "
            "of the Awb). After it, an objection is refused."
        ),
    ),
    Setting(
        name="VOORRANG_RETENTION_MONTHS",
        kind=Kind.INTEGER,
        default="12",
        description=(
            "Months after a commitment ends (or an application is declined or withdrawn) after "
            "which `voorrang manage apply_retention` erases the intake notes, check-in answers "
            "and other free text of the targeted track, and replaces the seeker by a pseudonym."
        ),
    ),
    Setting(
        name="VOORRANG_CONTROLLER_NAME",
        kind=Kind.STRING,
        default_text='unset: the privacy statement says "the housing corporation"',
        description=(
            "The name of the housing corporation that lets the homes: the controller of the "
            "registrations, the lettings and the audit trail, named in the privacy statement "
            "(`/privacy`, docs/privacy.md)."
        ),
    ),
    Setting(
        name="VOORRANG_EVALUATION_CONTROLLER_NAME",
        kind=Kind.STRING,
        default_text='unset: the privacy statement says "the municipality"',
        description=(
            "The name of the body that commissions the evaluation (usually the municipality): "
            "the controller of the survey answers and of the pseudonymised research data, "
            "named in the privacy statement (`/privacy`, docs/privacy.md)."
        ),
    ),
)
