"""The session store: Django's database sessions, a session's every-request save made one statement."""

import datetime as dt
import functools

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, connections, router
from django.db.models import Q
from django.db.models.sql import UpdateQuery
from django.utils import timezone

from inspectorate.prepared import prepared


@prepared("session_key", "now")
def _live_session_data(*, session_key: str, now):
    from django.contrib.sessions.models import Session

    return Session.objects.filter(session_key=session_key, expire_date__gt=now).values_list("session_data", flat=True)


def _renewal(alias: str, *, session_key, expire_date) -> tuple[str, list]:
    """The ``UPDATE`` that moves a session's expiry on (its data left as it is), as the ORM writes it."""
    from django.contrib.sessions.models import Session

    query = UpdateQuery(Session)
    query.add_update_values({"expire_date": expire_date})
    query.add_q(Q(session_key=session_key))
    return query.get_compiler(alias).as_sql()


@functools.cache
def _prepared_renewal(alias: str) -> tuple[str, tuple[int, int]]:
    """``_renewal``'s SQL, built once, and where the expiry and the key go in its parameters."""
    expire_date, session_key = dt.datetime(1901, 2, 3, 4, 5, 6, tzinfo=dt.UTC), "\x1fsession-key\x1f"
    sql, params = _renewal(alias, session_key=session_key, expire_date=expire_date)
    return sql, (params.index(expire_date), params.index(session_key))


class SessionStore(DatabaseSessionStore):
    """Django's database store; an existing session is saved by a single ``UPDATE`` in autocommit.

    The idle limit saves the session on every request (``SESSION_SAVE_EVERY_REQUEST``,
    SECURITY.md). Django wraps that one ``UPDATE`` in a transaction of its own: ``BEGIN`` and
    ``COMMIT`` are two more round trips to the database on every page, for a statement that is
    atomic by itself. A new session (``must_create``) is still Django's, whose transaction tells
    a key already taken from a new one; so is a save inside a caller's transaction, where
    Django's savepoint keeps a session ended meanwhile from breaking that transaction.

    Most requests change nothing in the session: their save only moves its expiry on. That
    ``UPDATE`` sets the expiry alone, its SQL built once (``_prepared_renewal``), without
    encoding and signing the data again or building a model instance to save.
    """

    _read_from_row = False  # this request's data was read from the session's row (load)

    def load(self):
        """Django's ``load``, its query built once (``inspectorate.prepared``) instead of on every
        request: the session's data if it has not expired, else nothing and no key."""
        rows = _live_session_data(session_key=self.session_key, now=timezone.now())
        if not rows:
            self._session_key = None
            return {}
        self._read_from_row = True
        return self.decode(rows[0])

    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        if self._read_from_row and not self.modified:
            return self._renew()
        obj = self.create_model_instance(self._get_session())
        using = router.db_for_write(self.model, instance=obj)
        if connections[using].in_atomic_block:
            return super().save(must_create=False)
        try:
            obj.save(force_update=True, using=using)
        except DatabaseError:
            # The row is gone (ended elsewhere: "Forced update did not affect any rows").
            raise UpdateError from None

    def _renew(self) -> None:
        """Move the unchanged session's expiry on; ``UpdateError`` if its row is gone, as Django's save."""
        using = router.db_for_write(self.model)
        connection = connections[using]
        values = {"session_key": self.session_key, "expire_date": self.get_expiry_date()}
        if connection.vendor != "postgresql":
            if (
                not self.model.objects.using(using)
                .filter(session_key=values["session_key"])
                .update(expire_date=values["expire_date"])
            ):
                raise UpdateError
            return
        sql, (expiry_at, key_at) = _prepared_renewal(using)
        params = [None, None]
        params[expiry_at], params[key_at] = values["expire_date"], values["session_key"]
        if getattr(settings, "PREPARED_QUERIES_CHECK", False):
            built_sql, built_params = _renewal(using, **values)
            if (built_sql, list(built_params)) != (sql, params):
                raise AssertionError(
                    f"The prepared renewal differs from the ORM's: {sql} {params} / {built_sql} {built_params}"
                )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if cursor.rowcount != 1:
                raise UpdateError  # the row is gone: ended elsewhere
