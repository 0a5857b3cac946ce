"""Tables for ``smgov due`` and ``smgov audit``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.table import Table

from sm_governance.cli._continuous import _iso
from sm_governance.cli._views import _cell, ref_of

if TYPE_CHECKING:
    from sm_governance.audit import AuditReport, DueItem

__all__ = ["audit_table", "due_table"]

_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def _day(moment: datetime | None) -> str:
    return "-" if moment is None else _iso(moment)


def due_table(items: Sequence[DueItem], as_of: datetime) -> Table:
    """Approvals due for re-certification, oldest due date first."""
    table = Table(
        title=f"{len(items)} approval(s) due for re-certification as of {_day(as_of)}",
        title_justify="left",
    )
    for name in ("version", "risk", "approved at", "approved by", "every", "due at", "status"):
        table.add_column(name, overflow="fold")
    for item in items:
        status = {
            "overdue": "[red]overdue[/]",
            "due": "[yellow]due[/]",
            "unsigned": "[red]no signed approval[/]",
        }[item.status]
        table.add_row(
            _cell(ref_of(item.arn)),
            _cell(item.risk_rating),
            _day(item.approved_at),
            _cell(item.approved_by),
            "-" if item.interval is None else str(item.interval),
            _day(item.due_at),
            status,
        )
    return table


def audit_table(report: AuditReport) -> Table:
    """The audit's findings, most severe first."""
    from sm_governance.audit import SEVERITIES

    title = (
        f"{len(report.findings)} finding(s) in {report.versions} version(s) "
        f"({report.approved} approved)"
    )
    table = Table(title=title, title_justify="left")
    for name in ("severity", "kind", "version", "finding"):
        table.add_column(name, overflow="fold")
    order = sorted(report.findings, key=lambda f: (SEVERITIES.index(f.severity), f.arn, f.kind))
    for finding in order:
        style = _SEVERITY_STYLE[finding.severity]
        table.add_row(
            f"[{style}]{finding.severity}[/]",
            finding.kind,
            _cell(ref_of(finding.arn)),
            _cell(finding.message),
        )
    return table
