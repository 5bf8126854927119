"""The session store: Django's database sessions, a session's every-request save made one statement."""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, connections, router
from django.utils import timezone

from inspectorate.prepared import prepared


@prepared("session_key", "now")
def _live_session_data(*, session_key: str, now):
    from django.contrib.sessions.models import Session

    return Session.objects.filter(session_key=session_key, expire_date__gt=now).values_list("session_data", flat=True)


class SessionStore(DatabaseSessionStore):
    """Django's database store; an existing session is saved by a single ``UPDATE`` in autocommit.

    The idle limit saves the session on every request (``SESSION_SAVE_EVERY_REQUEST``,
    SECURITY.md). Django wraps that one ``UPDATE`` in a transaction of its own: ``BEGIN`` and
    ``COMMIT`` are two more round trips to the database on every page, for a statement that is
    atomic by itself. A new session (``must_create``) is still Django's, whose transaction tells
    a key already taken from a new one; so is a save inside a caller's transaction, where
    Django's savepoint keeps a session ended meanwhile from breaking that transaction.
    """

    def load(self):
        """Django's ``load``, its query built once (``inspectorate.prepared``) instead of on every
        request: the session's data if it has not expired, else nothing and no key."""
        rows = _live_session_data(session_key=self.session_key, now=timezone.now())
        if not rows:
            self._session_key = None
            return {}
        return self.decode(rows[0])

    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        obj = self.create_model_instance(self._get_session())
        using = router.db_for_write(self.model, instance=obj)
        if connections[using].in_atomic_block:
            return super().save(must_create=False)
        try:
            obj.save(force_update=True, using=using)
        except DatabaseError:
            # The row is gone (ended elsewhere: "Forced update did not affect any rows").
            raise UpdateError from None
