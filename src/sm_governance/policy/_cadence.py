"""Re-certification intervals and approval quorums, set per risk rating in a policy file.

Two keys of a policy file say how often an approval must be renewed and how many officers
must approve::

    review_every: 365d                 # one interval for every card
    review_every: {High: 90d, Medium: 180d, default: 365d}
    approvals_required: 2              # one number for every card (default 1)
    approvals_required: {High: 2}      # per risk rating; unlisted ratings need 1

An interval is a whole number with a unit: ``d`` (days), ``w`` (weeks), ``m`` (calendar
months) or ``y`` (calendar years), or the ISO 8601 forms ``P90D``, ``P12W``, ``P6M``, ``P1Y``.
Calendar units keep the day of the month (31 January plus one month is 28 or 29 February).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta as _timedelta
from typing import Any, Literal

from sm_governance._types import RiskRating

__all__ = [
    "DEFAULT_KEY",
    "INTERVAL_PATTERN",
    "MAX_APPROVALS",
    "Interval",
    "by_rating",
]

#: The key of a per-rating mapping that applies to every rating not listed.
DEFAULT_KEY = "default"
#: The most approvals a policy may require (a quorum larger than a committee is a typo).
MAX_APPROVALS = 20
# At most a century, in each unit (a longer interval is a typo, and would overflow a date).
_MAX_COUNT = {"d": 36_525, "w": 5_218, "m": 1_200, "y": 100}


def _up_to(limit: int) -> str:
    """A regular expression for the whole numbers 1 to ``limit`` (no leading zero)."""
    text = str(limit)
    options = [f"[1-9][0-9]{{0,{len(text) - 2}}}"] if len(text) > 1 else []
    for i, digit in enumerate(text):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            rest = len(text) - i - 1
            options.append(
                f"{text[:i]}[{low}-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else "")
            )
    options.append(text)
    return "(?:" + "|".join(options) + ")"


INTERVAL_PATTERN = (
    r"^\s*(?:"
    + "|".join(f"{_up_to(n)}\\s*{u}|P{_up_to(n)}{u.upper()}" for u, n in _MAX_COUNT.items())
    + r")\s*$"
)
_SHORT = re.compile(r"^\s*(?P<n>[1-9][0-9]{0,4})\s*(?P<unit>[dwmy])\s*$")
_ISO = re.compile(r"^P(?P<n>[1-9][0-9]{0,4})(?P<unit>[DWMY])$")
_UNIT_NAMES = {"d": "day", "w": "week", "m": "month", "y": "year"}

Unit = Literal["d", "w", "m", "y"]


@dataclass(frozen=True, order=True)
class Interval:
    """A re-certification interval such as ``90d`` or ``1y``.

    Example:
        >>> from datetime import datetime, timezone
        >>> Interval.parse("1m").after(datetime(2026, 1, 31, tzinfo=timezone.utc)).date()
        datetime.date(2026, 2, 28)
    """

    count: int
    unit: Unit

    @classmethod
    def parse(cls, text: Any) -> Interval:
        """Read ``90d``, ``12w``, ``6m``, ``1y`` or ``P90D``-style ISO 8601 text.

        Raises:
            ValueError: with the accepted forms, for anything else.
        """
        if isinstance(text, Interval):
            return text
        if not isinstance(text, str):
            raise ValueError(
                f'an interval is text such as "90d", "6m" or "1y", not {type(text).__name__}'
            )
        found = _SHORT.match(text) or _ISO.match(text.strip())
        if found is None:
            raise ValueError(
                f"{text[:40]!r} is not an interval: write a whole number of days, weeks, "
                'months or years, such as "90d", "12w", "6m", "1y" (or ISO 8601 "P90D")'
            )
        count = int(found["n"])
        unit: Unit = found["unit"].lower()  # type: ignore[assignment]
        if count > _MAX_COUNT[unit]:
            raise ValueError(
                f"{text.strip()!r} is longer than a century: at most {_MAX_COUNT[unit]}{unit}"
            )
        return cls(count, unit)

    def after(self, start: datetime) -> datetime:
        """The moment this interval after ``start`` ends (calendar months and years)."""
        if self.unit == "d":
            return start + _timedelta(days=self.count)
        if self.unit == "w":
            return start + _timedelta(weeks=self.count)
        months = self.count if self.unit == "m" else 12 * self.count
        total = start.month - 1 + months
        year, month = start.year + total // 12, total % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return start.replace(year=year, month=month, day=day)

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def describe(self) -> str:
        """``90 days``, ``1 year``: for sentences."""
        name = _UNIT_NAMES[self.unit]
        return f"{self.count} {name}{'' if self.count == 1 else 's'}"


def _rating_key(key: Any) -> str:
    if key == DEFAULT_KEY:
        return DEFAULT_KEY
    try:
        return RiskRating(key).value
    except ValueError:
        names = ", ".join([*(r.value for r in RiskRating), DEFAULT_KEY])
        raise ValueError(f"{str(key)[:40]!r} is not a risk rating: use one of {names}") from None


def per_rating(value: Any, parse_one: Any) -> dict[str, Any]:
    """Normalise one value or a mapping of risk rating to value into ``{rating: value}``.

    A single value is stored under ``default``.
    """
    if not isinstance(value, dict):
        return {DEFAULT_KEY: parse_one(value)}
    if not value:
        raise ValueError("give at least one risk rating, or a single value for every card")
    out: dict[str, Any] = {}
    problems: list[str] = []
    for key, item in value.items():
        try:
            rating = _rating_key(key)
            out[rating] = parse_one(item)
        except ValueError as exc:
            problems.append(f"{str(key)[:40]}: {exc}")
    if problems:
        raise ValueError("; ".join(problems))
    return out


def approvals(value: Any) -> int:
    """Validate one ``approvals_required`` number (``2.0`` is 2, as in JSON Schema)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"approvals_required is a whole number from 1 to {MAX_APPROVALS}")
    if not 1 <= value <= MAX_APPROVALS:
        raise ValueError(f"approvals_required is a whole number from 1 to {MAX_APPROVALS}")
    return value


def by_rating(table: dict[str, Any], rating: str | None, fallback: Any) -> Any:
    """The value for ``rating``: its own entry, else ``default``, else ``fallback``."""
    if rating is not None and rating in table:
        return table[rating]
    return table.get(DEFAULT_KEY, fallback)


def dump_per_rating(table: dict[str, Any]) -> Any:
    """The file form: a single value when only ``default`` is set, else the mapping."""
    if set(table) == {DEFAULT_KEY}:
        item = table[DEFAULT_KEY]
        return str(item) if isinstance(item, Interval) else item
    return {k: (str(v) if isinstance(v, Interval) else v) for k, v in table.items()}
