"""Django's database sessions, read with one plain statement.

Every request of a logged-in user reads its session; through the ORM that read spends more
time composing its query than running it (``voorrang.rows``). Writing, ending and clearing
sessions stay Django's own."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

from voorrang import rows


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):  # type: ignore[no-untyped-def]
        model = self.model
        sql = (
            f"SELECT {rows.columns(model, 's').sql} FROM {rows.table(model)} s "  # noqa: S608
            "WHERE s.session_key = %s AND s.expire_date > %s"
        )
        row = rows.fetch_one(sql, [self.session_key, timezone.now()])
        if row is None:
            self._session_key = None
            return None
        return rows.columns(model, "s").instance(row)
