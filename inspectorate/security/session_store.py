"""The session store: Django's database sessions, a session's every-request save made one statement."""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, connections, router


class SessionStore(DatabaseSessionStore):
    """Django's database store; an existing session is saved by a single ``UPDATE`` in autocommit.

    The idle limit saves the session on every request (``SESSION_SAVE_EVERY_REQUEST``,
    SECURITY.md). Django wraps that one ``UPDATE`` in a transaction of its own: ``BEGIN`` and
    ``COMMIT`` are two more round trips to the database on every page, for a statement that is
    atomic by itself. A new session (``must_create``) is still Django's, whose transaction tells
    a key already taken from a new one; so is a save inside a caller's transaction, where
    Django's savepoint keeps a session ended meanwhile from breaking that transaction.
    """

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
