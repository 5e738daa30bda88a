import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from voorrang.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain: every event's hash, every link, the numbering and "
        "the published daily roots. Exit 0 with the number of events checked and the last "
        "root, or 1 naming the first event where the chain breaks and why."
    )

    def handle(self, *args, **options) -> None:
        result = verify_chain()
        broken = result.broken
        if broken is not None:
            where = (
                f"event {broken.event_id} (place {broken.sequence}, "
                f"{timezone.localtime(broken.at).isoformat()}, {broken.action})"
                if broken.event_id is not None
                else f"place {broken.sequence}"
            )
            self.stderr.write(
                f"the audit trail breaks at {where}: {broken.why}; "
                f"{result.checked} event(s) before it hold"
            )
            sys.exit(1)
        root = result.last_root
        self.stdout.write(
            f"ok: {result.checked} audit events checked, the chain holds; "
            f"head: place {result.head_sequence}, {result.head_hash}; "
            + (
                f"last published daily root: {root.day.isoformat()} {root.hash}"
                if root is not None
                else "no daily root published yet"
            )
        )
