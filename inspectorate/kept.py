"""Values written once per key and kept for the process: the key holds everything the value depends
on (the language, the zone, the rows shown...), so a kept value is never stale, only forgotten."""

from collections.abc import Callable


class Kept(dict):
    """A value per key, written by ``write()`` the first time; emptied when it holds ``limit`` keys."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def written(self, key, write: Callable[[], object]):
        value = self.get(key)
        if value is None:
            if len(self) >= self.limit:
                self.clear()
            value = self[key] = write()
        return value
