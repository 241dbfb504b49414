"""Structured logs: one JSON object a line, for production's log collector.

Selected with ``LOG_FORMAT=json``; development keeps the plain one-line format.
"""

import datetime
import json
import logging

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is
# written out as a field of its own.
_RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JSONFormatter(logging.Formatter):
    """Format a record as one line of JSON: time (UTC), level, logger, message, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: a request object or a Decimal in ``extra`` must not lose the line.
        return json.dumps(entry, ensure_ascii=False, default=str)
