"""What an operator checks in a database after a backup is restored, read by a child process
for the tests of backups: a copy or a restored dump must hold the same rankings, each must
replay there to the same positions, reasons and digest, and the audit trail must hold.

One process per database does it all (`voorrang manage shell`): each start of Django costs
seconds on a busy machine."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.processes import run_voorrang

# One JSON line: the migrations left to apply, every ranking with its replay, and what
# `replay_ranking --all` and `verify_audit` say. Either command exits 1 when it fails.
INSPECTION = """
import io, json
from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor
from django.db import connection
from voorrang.allocation.models import Ranking
from voorrang.allocation.selectors import replay_ranking
from voorrang.rules import rank_document

executor = MigrationExecutor(connection)
unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
rows = []
for ranking in Ranking.objects.select_related("vacancy").order_by("vacancy__reference", "sequence"):
    replayed = rank_document(ranking.scenario)
    rows.append({
        "vacancy": ranking.vacancy.reference,
        "sequence": ranking.sequence,
        "policy": ranking.policy_id,
        "seed": ranking.seed,
        "digest": ranking.input_digest,
        "ranked": [
            [e.seeker.registration_number, e.position, e.tier, e.lottery]
            for e in ranking.entries.select_related("seeker").order_by("position")
        ],
        "excluded": sorted(
            [x.seeker.registration_number, list(x.reasons)]
            for x in ranking.exclusions.select_related("seeker")
        ),
        "replayed_digest": replayed.input_digest,
        "replayed_ranked": [
            [r.candidate, r.position, r.tier, "" if r.lottery is None else str(r.lottery)]
            for r in replayed.ranking
        ],
        "replayed_excluded": sorted([x.candidate, list(x.reasons)] for x in replayed.excluded),
        "replay_ok": replay_ranking(ranking).ok,
    })
said = {}
for command, arguments in (("replay_ranking", ["--all"]), ("verify_audit", [])):
    out = io.StringIO()
    call_command(command, *arguments, stdout=out)
    said[command] = out.getvalue().strip()
print(json.dumps({
    "unapplied": [str(migration) for migration, _ in unapplied],
    "rankings": rows,
    "said": said,
}))
"""

CHECKED = re.compile(r"ok: (\d+) audit events checked")


@dataclass(frozen=True)
class Inspection:
    unapplied_migrations: list[str]
    rankings: list[dict[str, Any]]
    replay_ranking_said: str
    verify_audit_said: str

    @property
    def audit_events_checked(self) -> int:
        return int(CHECKED.search(self.verify_audit_said).group(1))


def inspect(*, cwd: Path, env: dict[str, str], before: str = "") -> Inspection:
    """Inspect the database ``env`` names, after running the Python code ``before`` there."""
    program = before + INSPECTION
    result = run_voorrang("manage", "shell", "-c", program, cwd=cwd, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return Inspection(
        unapplied_migrations=found["unapplied"],
        rankings=found["rankings"],
        replay_ranking_said=found["said"]["replay_ranking"],
        verify_audit_said=found["said"]["verify_audit"],
    )


def assert_each_replays_identically(inspection: Inspection) -> None:
    """Same digest, same positions with their tiers and lottery numbers, same exclusions with
    their reasons, and the stored ranking agrees with its audit event; `replay_ranking
    --all` agrees."""
    rankings = inspection.rankings
    for row in rankings:
        where = f"{row['vacancy']} #{row['sequence']}"
        assert row["replayed_digest"] == row["digest"], where
        assert row["replayed_ranked"] == row["ranked"], where
        assert row["replayed_excluded"] == row["excluded"], where
        assert row["replay_ok"], where
    assert inspection.replay_ranking_said == (
        f"ok: {len(rankings)} ranking(s) replay to the same digest and order"
    )
