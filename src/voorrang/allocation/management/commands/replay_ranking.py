import sys

from django.core.management.base import BaseCommand, CommandError

from voorrang.allocation.models import Ranking
from voorrang.allocation.selectors import replay_ranking


class Command(BaseCommand):
    help = (
        "Recompute stored rankings from their stored input with the rules engine and compare "
        "the input digest and the order, and compare each with its audit event (digest, seed, "
        "policy, number of entries). Exit 1 naming any ranking that differs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, metavar="ID", help="ranking id(s)")
        parser.add_argument("--all", action="store_true", help="replay every stored ranking")

    def handle(self, *args, ids: list[int], all: bool, **options) -> None:
        if all == bool(ids):
            raise CommandError("give ranking ids or --all (not both)")
        rankings = Ranking.objects.all() if all else Ranking.objects.filter(pk__in=ids)
        found = {r.pk for r in rankings}
        missing = sorted(set(ids) - found)
        if missing:
            raise CommandError(f"no ranking with id {', '.join(map(str, missing))}")
        mismatches: list[str] = []
        checked = 0
        for ranking in rankings.order_by("pk").iterator(chunk_size=200):
            checked += 1
            result = replay_ranking(ranking)
            if not result.ok:
                what = []
                if not result.digest_matches:
                    what.append("digest")
                if not result.order_matches:
                    what.append("order")
                described = [f"{' and '.join(what)} differ"] if what else []
                described += result.trail_differences
                reference = ranking.vacancy.reference
                mismatches.append(f"{ranking.pk} ({reference}: {', '.join(described)})")
        if mismatches:
            self.stderr.write("rankings that do not replay: " + "; ".join(mismatches))
            sys.exit(1)
        self.stdout.write(f"ok: {checked} ranking(s) replay to the same digest and order")
