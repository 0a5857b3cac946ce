"""Re-certification: which approvals fall due, from the ledger's signed approval times."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sm_governance.policy._cadence import Interval

__all__ = ["DueItem", "approved_at", "due_items", "parse_time", "scan_due"]


@dataclass(frozen=True)
class DueItem:
    """One Approved version whose re-certification is due (or overdue) by a given day.

    Attributes:
        arn: the version.
        risk_rating: the card's risk rating (``None`` when it has none).
        approved_at: the time of the signed approval now in force.
        approved_by: who signed it.
        interval: the policy's review interval at that risk rating (``None`` for a version
            with no approval that verifies whose rating has none: it is due now anyway).
        due_at: ``approved_at`` plus ``interval``.
        overdue: whether ``due_at`` is before the reference time.
    """

    arn: str
    risk_rating: str | None
    approved_at: datetime | None
    approved_by: str | None
    interval: Interval | None
    due_at: datetime | None
    overdue: bool

    @property
    def status(self) -> str:
        """``overdue``, ``due``, or ``unsigned``: Approved with no approval in force that
        verifies (approved outside the tool, a ledger that does not verify, or an approval
        that no longer holds, such as a version changed since), so it is due now."""
        if self.approved_at is None:
            return "unsigned"
        return "overdue" if self.overdue else "due"

    def to_json(self) -> dict[str, Any]:
        """JSON data, times as ISO 8601 UTC."""
        return {
            "arn": self.arn,
            "risk_rating": self.risk_rating,
            "approved_at": _iso(self.approved_at),
            "approved_by": self.approved_by,
            "review_every": None if self.interval is None else str(self.interval),
            "due_at": _iso(self.due_at),
            "status": self.status,
        }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: Any) -> datetime | None:
    """An entry's ISO 8601 time as an aware UTC datetime (``None`` when unreadable)."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def approved_at(entries: Sequence[Mapping[str, Any]]) -> tuple[datetime, str | None] | None:
    """When (and by whom) the approval in force was signed: the approval that completed the
    last round (a quorum's last approval; see :mod:`sm_governance.approval._quorum`) with no
    rejection since; ``None`` when there is none. An open re-certification round does not
    move it."""
    from sm_governance.approval._quorum import rounds

    in_force, _ = rounds(entries)
    if in_force is None or not in_force.approvals:
        return None
    entry = in_force.approvals[-1]
    moment = parse_time(entry.get("time"))
    decider = entry.get("decider")
    who = decider.get("arn") if isinstance(decider, Mapping) else None
    return (moment, who) if moment is not None else None


def due_items(
    approvals: Iterable[tuple[str, str | None, datetime, str | None]],
    intervals: Any,
    *,
    as_of: datetime,
    within: timedelta = timedelta(0),
) -> list[DueItem]:
    """The approvals due by ``as_of + within``, oldest due date first.

    Args:
        approvals: ``(arn, risk_rating, approved_at, approved_by)`` per Approved version.
        intervals: a callable from risk rating to :class:`Interval` or ``None`` (a policy's
            ``review_interval``).
        as_of: the reference time (now, or ``--as-of``).
        within: also list what falls due this soon after ``as_of``.
    """
    try:
        horizon = as_of + within
    except OverflowError:
        horizon = datetime.max.replace(tzinfo=timezone.utc)
    found: list[DueItem] = []
    for arn, rating, when, who in approvals:
        interval = intervals(rating)
        if interval is None:
            continue
        try:
            due = interval.after(when)
        except (OverflowError, ValueError):
            continue  # past the last representable date: never due
        if due <= horizon:
            found.append(DueItem(arn, rating, when, who, interval, due, due < as_of))
    return sorted(found, key=lambda item: (item.due_at or as_of, item.arn))


def scan_due(
    client: Any,
    ledger: Any,
    policy: Any,
    *,
    groups: Sequence[str] = (),
    as_of: datetime | None = None,
    within: timedelta = timedelta(0),
    calls: dict[str, int] | None = None,
    public_key: bytes | None = None,
) -> list[DueItem]:
    """Approved versions (of ``groups``) due for re-certification by ``as_of + within``.

    One ``Search`` page per 100 Approved versions, one ledger read per Approved version,
    and one KMS ``GetPublicKey`` (none when ``public_key``, the ledger key's public key as
    DER, is given). Approval times are taken only from an approval that verifies as
    ``smgov verify`` checks it (signatures, chain, decision, separation of duties, quorum,
    no drift): a version without one is due now, whatever risk rating its card shows today
    (the registrant can edit the card; an approved card cannot change and still verify).
    """
    from sm_governance._types import risk_rating_of
    from sm_governance.audit._scan import _count, card_of, search_versions

    counted: dict[str, int] = {} if calls is None else calls
    moment = as_of or datetime.now(timezone.utc)
    approvals: list[tuple[str, str | None, datetime, str | None]] = []
    unsigned: list[DueItem] = []
    key = public_key
    for package in search_versions(client, groups, counted, status="Approved"):
        rating = risk_rating_of(card_of(package))
        interval = policy.review_interval(rating)
        arn = str(package["ModelPackageArn"])
        read = ledger.read(arn)
        _count(counted, "ledger reads")
        signed = None
        if read.entries:
            if key is None:
                key = ledger.public_key()
                _count(counted, "GetPublicKey")
            signed = _in_force(package, read, key)
        if signed is None:
            # Approved with no approval in force that verifies (approved outside the tool, a
            # ledger that does not verify, drift, self-approval): due now, whatever rating
            # today's card claims
            unsigned.append(DueItem(arn, rating, None, None, interval, None, True))
        elif interval is not None:
            approvals.append((arn, rating, signed[0], signed[1]))
    due = due_items(approvals, policy.review_interval, as_of=moment, within=within)
    return sorted(unsigned, key=lambda item: item.arn) + due


def _in_force(
    package: Mapping[str, Any], read: Any, key: bytes
) -> tuple[datetime, str | None] | None:
    """The time and signer of the approval in force, when it verifies as ``verify`` checks
    it: the stored entries and their signatures (a planted entry proves nothing), then the
    decision they prove (status, duties, quorum, drift)."""
    from sm_governance.approval._models import Snapshot
    from sm_governance.approval._verification import evaluate

    result = evaluate(Snapshot.from_response(package), read, key)
    return approved_at(read.entries) if result.verified else None
