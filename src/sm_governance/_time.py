"""Times as the product writes them: ISO 8601 in UTC, milliseconds, a ``Z``."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["iso"]


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds and a ``Z``, or ``None`` (a naive time is UTC).

    Example:
        >>> iso(datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc))
        '2024-05-01T12:30:00.000Z'
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    text = moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")
