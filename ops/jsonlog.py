"""Structured logs: one JSON object per line, with the request id of the request being served."""

import json
import logging
from datetime import UTC, datetime

from audit.request_info import current_request

# Attributes every LogRecord has; anything else was passed with extra= and is written out.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Stamps the id of the request being served (the X-Request-ID echoed to the client)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = current_request()
        record.request_id = getattr(request, "request_id", "") if request is not None else ""
        return True


class JsonFormatter(logging.Formatter):
    """time (UTC), level, logger, message, request_id, the extra fields and the exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
