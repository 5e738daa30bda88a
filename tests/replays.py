"""Every stored ranking of a database and its replay, as a child process reads them, for the
tests of backups: a copy or a restored dump must hold the same rankings, and each must
replay there to the same positions, reasons and digest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.processes import run_voorrang

# Run by `voorrang manage shell -c`: one JSON line, a row per ranking.
RANKINGS_AND_REPLAYS = """
import json
from voorrang.allocation.models import Ranking
from voorrang.allocation.selectors import replay_ranking
from voorrang.rules import rank_document

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
print(json.dumps(rows))
"""


def rankings_and_replays(*, cwd: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    """Each stored ranking of the database ``env`` names, with what replaying it gives."""
    result = run_voorrang("manage", "shell", "-c", RANKINGS_AND_REPLAYS, cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_each_replays_identically(rankings: list[dict[str, Any]]) -> None:
    """Same digest, same positions with their tiers and lottery numbers, same exclusions with
    their reasons, and the stored ranking agrees with its audit event."""
    for row in rankings:
        where = f"{row['vacancy']} #{row['sequence']}"
        assert row["replayed_digest"] == row["digest"], where
        assert row["replayed_ranked"] == row["ranked"], where
        assert row["replayed_excluded"] == row["excluded"], where
        assert row["replay_ok"], where
