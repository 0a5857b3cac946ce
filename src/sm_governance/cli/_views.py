"""How results look in a terminal: rich tables and short lines (JSON: ``docs/cli.md``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from rich.console import Console

    from sm_governance.approval import Decision, PendingVersion, Trail
    from sm_governance.policy import PolicyReport
    from sm_governance.registry import ModelVersion
    from sm_governance.render import CardDiff

__all__ = [
    "decision_lines",
    "diff_table",
    "pending_table",
    "report_table",
    "trail_table",
    "version_dict",
    "version_table",
]


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    text = moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return escape(value)
    return escape(json.dumps(value, default=str))


def _minutes(timestamp: object) -> object:
    # "2026-11-22T00:02:31.553Z" -> "2026-11-22 00:02" (the JSON output keeps the full time)
    text = str(timestamp)
    return f"{text[:10]} {text[11:16]}" if len(text) >= 16 and text[10] == "T" else timestamp


def pending_table(rows: Sequence[PendingVersion], groups: int | None) -> Table:
    """The review queue (``groups`` is ``None`` when the whole account was listed)."""
    where = "in the account" if groups is None else f"in {groups} group(s)"
    table = Table(
        title=f"{len(rows)} version(s) waiting for a decision {where}",
        title_justify="left",
    )
    detailed = any(row.detailed for row in rows)
    names = ["Group", "Version", "Registered", "Stage"]
    if detailed:
        names += ["Risk", "Card", "Registrant"]
    for name in [*names, "ARN"]:
        table.add_column(name, overflow="fold")
    for row in rows:
        cells = [row.group, row.version, _minutes(row.created_at), row.lifecycle_stage]
        if detailed:
            cells += [row.risk_rating, row.card_status, row.created_by]
        table.add_row(*(_cell(c) for c in [*cells, row.arn]))
    return table


def report_table(report: PolicyReport) -> Table:
    """The gate's report, one rule a row."""
    verdict = "[green]PASSED[/]" if report.passed else "[bold red]FAILED[/]"
    failed = len(report.failures)
    table = Table(
        title=f"Policy {escape(report.policy)}: {verdict}, "
        f"{failed} of {len(report.rules)} rules failed",
        caption=f"gate digest sha256:{report.digest}",
        title_justify="left",
        caption_justify="left",
    )
    for name in ("Rule", "Result", "Seen", "Reason"):
        table.add_column(name, overflow="fold")
    for rule in report.rules:
        mark = "[green]pass[/]" if rule.passed else "[bold red]FAIL[/]"
        table.add_row(_cell(rule.rule), mark, _cell(rule.seen), _cell(rule.reason))
    for rule in report.not_applicable:
        table.add_row(_cell(rule.rule), "[dim]n/a[/]", _cell(rule.seen), _cell(rule.reason))
    return table


def decision_lines(decision: Decision) -> list[str]:
    """What was decided, in a few lines."""
    colour = "green" if decision.decision.value == "Approved" else "yellow"
    head = f"[bold {colour}]{decision.decision.value}[/] {escape(decision.arn)}"
    if decision.replayed:
        head += " [dim](already in place: nothing written)[/]"
    lines = [
        head,
        f"  approver     {escape(decision.approver)}",
        f"  decided at   {escape(decision.decided_at)}",
        f"  decision id  {escape(decision.decision_id)}",
        f"  gate         {escape(decision.gate)}"
        + (f" ({escape(decision.gate_digest)})" if decision.gate_digest else ""),
    ]
    if decision.override_justification:
        lines.append(f"  override     {escape(decision.override_justification)}")
    lines.append(f"  previous     {escape(decision.previous_status)}")
    return lines


def trail_table(trail: Trail) -> Table:
    """The trail, oldest first; ``~`` marks a time that is only an upper bound."""
    table = Table(
        title=f"History of {escape(trail.arn)} (now {escape(trail.approval_status)})",
        caption="~ time is the last modification: SageMaker keeps only the current value",
        title_justify="left",
        caption_justify="left",
    )
    for name in ("Time", "Event", "By", "What"):
        table.add_column(name, overflow="fold")
    for event in trail:
        at = event.at or "-"
        table.add_row(
            _cell(at if event.exact else f"~{at}"),
            _cell(event.kind),
            _cell(event.actor),
            _cell(event.summary),
        )
    return table


def version_dict(version: ModelVersion) -> dict[str, Any]:
    """A version as stable JSON data (``smgov show --format json``)."""
    life = version.lifecycle
    return {
        "arn": version.arn,
        "group": version.group,
        "version": version.version,
        "approval_status": version.approval_status.value,
        "approval_description": version.approval_description,
        "card_status": version.card_status.value if version.card_status else None,
        "lifecycle": (
            {
                "stage": life.stage,
                "stage_status": life.stage_status,
                "description": life.description,
            }
            if life
            else None
        ),
        "datazone_project_id": version.datazone_project_id,
        "created_by": version.created_by,
        "created_at": _iso(version.created_at),
        "last_modified_by": version.last_modified_by,
        "last_modified_at": _iso(version.last_modified_at),
        "customer_metadata": dict(version.customer_metadata),
        "card": version.card.to_content() if version.card is not None else None,
    }


def version_table(version: ModelVersion) -> Table:
    """One version: its facts, then its card section by section."""
    data = version_dict(version)
    table = Table(title=escape(version.arn), show_header=False, title_justify="left")
    table.add_column("Field", style="bold")
    table.add_column("Value", overflow="fold")
    for key in (
        "group",
        "version",
        "approval_status",
        "approval_description",
        "card_status",
        "lifecycle",
        "datazone_project_id",
        "created_by",
        "created_at",
        "last_modified_by",
        "last_modified_at",
    ):
        value = data[key]
        if isinstance(value, dict):
            value = " / ".join(str(v) for v in value.values() if v)
        table.add_row(key.replace("_", " "), _cell(value))
    card = data["card"] or {}
    for section, content in card.items():
        table.add_row(f"card: {section.replace('_', ' ')}", _cell(content))
    if not card:
        table.add_row("card", "-")
    return table


def diff_table(changes: CardDiff) -> Table:
    """The field-level changes between two cards or versions."""
    table = Table(
        title=(
            f"{len(changes)} change(s) from {escape(changes.a_label)} to {escape(changes.b_label)}"
        ),
        title_justify="left",
    )
    for name in ("Field", "Change", "Old", "New"):
        table.add_column(name, overflow="fold")
    for change in changes:
        table.add_row(_cell(change.path), change.kind, _cell(change.old), _cell(change.new))
    return table


def print_lines(console: Console, lines: Sequence[str]) -> None:
    """Print markup lines."""
    for line in lines:
        console.print(line, highlight=False)
