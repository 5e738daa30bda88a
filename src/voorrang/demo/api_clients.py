"""An API client for each organisation of the demo, so that the interfaces can be tried with
``curl``: the housing corporation's ERP, the regional platform, the municipality, the welfare
organisation and the evaluation institute.

Keys are random, shown once when the client is made, and kept only as a hash: a reused demo
database shows no key again (``voorrang manage revoke_api_client NAME`` and
``create_api_client`` give a new one). ``--demo-password`` does not make keys predictable."""

from __future__ import annotations

from dataclasses import dataclass

from voorrang.api.models import ApiClient
from voorrang.api.services import create_client
from voorrang.roles import Role


@dataclass(frozen=True)
class DemoClient:
    name: str
    organisation: str
    role: Role
    scopes: tuple[str, ...]
    # A path to try with this client's key.
    example: str


DEMO_CLIENTS = (
    DemoClient(
        "corporation-erp",
        "Woonstichting Vollenhove (ERP)",
        Role.STAFF_ALLOCATION,
        (
            "WRV.Eenheden.ReadWrite",
            "WRV.Publicaties.ReadWrite",
            "WRV.Toewijzingen.ReadWrite",
            "Voorrang.Track.Read",
            "Voorrang.Rankings.Read",
            "Voorrang.Quota.Read",
        ),
        "/api/vera/toewijzingen",
    ),
    DemoClient(
        "regional-platform",
        "Regionaal woonruimteplatform",
        Role.STAFF_ALLOCATION,
        (
            "WRV.Publicaties.Read",
            "Woonruimteverdeling.Reacties.ReadWrite",
            "WRV.Kandidaten.Read",
        ),
        "/api/vera/publicaties",
    ),
    DemoClient(
        "municipality",
        "Gemeente Zeist",
        Role.POLICY,
        ("Voorrang.Simulations.ReadWrite", "Voorrang.Results.Read", "Voorrang.Evaluation.Read"),
        "/api/v1/simulation-runs",
    ),
    DemoClient(
        "welfare-organisation",
        "Welzijnsorganisatie",
        Role.STAFF_WELFARE,
        ("Voorrang.Results.Read",),
        "/api/v1/published-results",
    ),
    DemoClient(
        "evaluation-institute",
        "Evaluatie-instituut",
        Role.RESEARCHER,
        ("Voorrang.Evaluation.Read", "WRV.Relaties.Read"),
        "/api/v1/evaluation-indicators",
    ),
)


@dataclass(frozen=True)
class ClientResult:
    client: DemoClient
    # The key, only when the client was made now; None for a client that existed already.
    key: str | None


def ensure_demo_api_clients() -> list[ClientResult]:
    """Each demo client, made if it is not there yet (its key returned this once)."""
    existing = set(ApiClient.objects.values_list("name", flat=True))
    results = []
    for demo in DEMO_CLIENTS:
        if demo.name in existing:
            results.append(ClientResult(demo, None))
            continue
        made = create_client(
            actor=None,
            name=demo.name,
            role=demo.role.value,
            scopes=list(demo.scopes),
            organisation=demo.organisation,
        )
        results.append(ClientResult(demo, made.key))
    return results


def describe_api_clients(results: list[ClientResult], base_url: str) -> list[str]:
    """The lines the demo prints: for each new client a ready ``curl`` with its key."""
    base = base_url.rstrip("/")
    lines: list[str] = []
    made = [r for r in results if r.key is not None]
    if made:
        lines += ["An API client for each organisation, with its key (header X-API-KEY):", ""]
        for result in made:
            demo = result.client
            lines += [
                f"    {demo.name}  ({demo.organisation}; {demo.role.value})",
                f"        scopes:  {' '.join(demo.scopes)}",
                f"        try:     curl -H 'X-API-KEY: {result.key}' {base}{demo.example}",
            ]
        lines += [
            "",
            "Write the keys down now: they are shown only this once, also with --demo-password.",
            "The evaluation institute's relaties need VOORRANG_RESEARCH_KEY for its pseudonyms.",
        ]
    kept = [r.client.name for r in results if r.key is None]
    if kept:
        lines += [
            f"The API clients {', '.join(kept)} exist already; their keys are not shown again.",
            "For a new key: voorrang manage revoke_api_client NAME, then create_api_client.",
        ]
    return lines
