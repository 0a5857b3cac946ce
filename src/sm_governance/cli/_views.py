"""How results look in a terminal: rich tables and short lines (JSON: ``docs/cli.md``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.markup import escape as _markup
from rich.table import Table

from sm_governance._untrusted import visible
from sm_governance.cli._json import version_dict

if TYPE_CHECKING:
    from rich.console import Console

    from sm_governance.approval import Decision, PendingVersion, Trail
    from sm_governance.ledger import VerifyResult
    from sm_governance.policy import PolicyReport
    from sm_governance.registry import ModelVersion
    from sm_governance.render import CardDiff

__all__ = [
    "decision_lines",
    "diff_table",
    "pending_table",
    "ref_of",
    "report_table",
    "trail_table",
    "verify_lines",
    "version_view",
]


def escape(value: object) -> str:
    """Untrusted text for a rich markup string: control characters shown, markup escaped."""
    return _markup(visible(value))


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return escape(value)
    return escape(json.dumps(value, default=str))


def ref_of(arn: str) -> str:
    """``GROUP/VERSION`` for a version ARN (the form every command accepts); else the ARN."""
    _, found, tail = arn.partition(":model-package/")
    return tail if found and tail.count("/") == 1 else arn


def who(arn: str | None, *, wide: bool = False) -> str | None:
    """A principal as a table shows it: ``user/bob`` for an IAM ARN (the full ARN with --wide)."""
    if arn is None or wide or not arn.startswith("arn:"):
        return arn
    parts = arn.split(":", 5)
    return parts[5] if len(parts) == 6 and parts[5] else arn


def pending_table(
    rows: Sequence[PendingVersion], groups: int | None, *, wide: bool = False
) -> Table:
    """The review queue: one version a row, named ``GROUP/VERSION`` (ARNs with ``--wide``).

    ``groups`` is ``None`` when the whole account was listed; rows from ``pending --details``
    add the risk rating, the card status and the registrant.
    """
    where = "in the account" if groups is None else f"in {groups} group(s)"
    table = Table(
        title=f"{len(rows)} version(s) waiting for a decision {where}",
        caption=None
        if wide or not rows
        else "Version is GROUP/VERSION: "
        f"smgov show {escape(ref_of(rows[0].arn))} (--wide adds ARNs)",
        title_justify="left",
        caption_justify="left",
    )
    detailed = any(row.detailed for row in rows)
    table.add_column("Version", no_wrap=True)
    table.add_column("Registered (UTC)", no_wrap=True)
    table.add_column("Stage")
    if detailed:
        table.add_column("Risk")
        table.add_column("Card")
        table.add_column("Registrant", overflow="fold")
    table.add_column("Description", overflow="fold")
    if wide:
        table.add_column("ARN", no_wrap=True)
    for row in rows:
        cells = [
            _cell(ref_of(row.arn)),
            _cell(row.created_at),
            _cell(row.lifecycle_stage),
        ]
        if detailed:
            cells += [
                _cell(row.risk_rating),
                _cell(row.card_status),
                _cell(who(row.created_by, wide=wide)),
            ]
        cells.append(_cell(row.description))
        table.add_row(*cells, *([_cell(row.arn)] if wide else []))
    return table


def report_table(report: PolicyReport, source: str | None = None) -> Table:
    """The gate's report, one rule a row (``source``: the card checked, in the title)."""
    verdict = "[green]PASSED[/]" if report.passed else "[bold red]FAILED[/]"
    failed = len(report.failures)
    checked = f"{escape(source)}: " if source else ""
    table = Table(
        title=f"{checked}Policy {escape(report.policy)}: {verdict}, "
        f"{failed} of {len(report.rules)} rules failed",
        caption=f"gate digest sha256:{report.digest}",
        title_justify="left",
        caption_justify="left",
    )
    longest = max((len(w) for r in report.rules for w in r.rule.split()), default=10)
    table.add_column("Rule", overflow="fold", min_width=min(longest, 40), ratio=3)
    table.add_column("Result", no_wrap=True)
    table.add_column("Seen", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("Reason", overflow="fold", ratio=4)
    for rule in report.rules:
        mark = "[green]pass[/]" if rule.passed else "[bold red]FAIL[/]"
        table.add_row(_cell(rule.rule), mark, _cell(rule.seen), _cell(rule.reason))
    for rule in report.not_applicable:
        table.add_row(_cell(rule.rule), "[dim]n/a[/]", _cell(rule.seen), _cell(rule.reason))
    return table


def decision_lines(decision: Decision, *, wide: bool = False) -> list[str]:
    """What was decided, in a few lines."""
    colour = "green" if decision.decision.value == "Approved" else "yellow"
    name = decision.arn if wide else ref_of(decision.arn)
    head = f"[bold {colour}]{decision.decision.value}[/] {escape(name)}"
    if decision.replayed:
        head += " [dim](already in place: nothing written)[/]"
    lines = [
        head,
        f"  approver     {escape(who(decision.approver, wide=wide) or '')}",
        f"  decided at   {escape(decision.decided_at)}",
        f"  decision id  {escape(decision.decision_id)}",
        f"  gate         {escape(decision.gate)}"
        + (f" ({escape(decision.gate_digest)})" if decision.gate_digest else ""),
    ]
    if decision.override_justification:
        lines.append(f"  override     {escape(decision.override_justification)}")
    lines.append(f"  previous     {escape(decision.previous_status)}")
    if decision.subject_digest:
        lines.append(f"  subject      {escape(decision.subject_digest)}")
    if decision.approvals_required > 1:
        lines.append(
            f"  quorum       {decision.approvals} of {decision.approvals_required} approvals"
            + (
                ""
                if decision.in_effect
                else ": signed in the ledger; the status stays until another officer approves"
            )
        )
    if decision.ledger_entry:
        lines.append(
            f"  trail        [green]verified[/]: signed in {escape(decision.ledger_entry)}"
        )
    else:
        lines.append("  trail        [yellow]unverified[/]: no decision ledger (--ledger)")
    return lines


def trail_table(trail: Trail, *, wide: bool = False) -> Table:
    """The trail, oldest first; ``~`` marks a time that is only an upper bound."""
    name = trail.arn if wide else ref_of(trail.arn)
    source = f"ledger {trail.ledger}" if trail.ledger else "no ledger: nothing is verified"
    table = Table(
        title=f"History of {escape(name)} (now {escape(trail.approval_status)})",
        caption="Times in UTC; ~ marks a last-modification time (an upper bound)"
        + ("; now: a current value with no recorded time" if _undated(trail) else "")
        + f"; ✓ proven by a signed ledger entry, ? not proven by it ({escape(source)})",
        title_justify="left",
        caption_justify="left",
    )
    for name in ("", "Time", "Event", "By", "What"):
        table.add_column(name, overflow="fold")
    for event in trail:
        at = event.at or "now"
        table.add_row(
            "[green]✓[/]" if event.verified else "[yellow]?[/]",
            _cell(at if event.exact or event.at is None else f"~{at}"),
            _cell(event.kind),
            _cell(who(event.actor, wide=wide)),
            _cell(event.summary),
        )
    return table


def _undated(trail: Trail) -> bool:
    return any(event.at is None for event in trail)


_FACTS = (
    ("approval_status", "Approval status"),
    ("approval_description", "Approval description (unverified claim)"),
    ("subject_digest", "Subject digest"),
    ("card_status", "Card status"),
    ("lifecycle", "Lifecycle"),
    ("datazone_project_id", "DataZone project"),
    ("created_at", "Registered at (UTC)"),
    ("created_by", "Registered by"),
    ("last_modified_at", "Last modified (UTC)"),
    ("last_modified_by", "Last modified by"),
)
_SECTIONS = {
    "model_overview": "Model overview",
    "intended_uses": "Intended uses",
    "business_details": "Business details",
    "training_details": "Training details",
    "evaluation_details": "Evaluation details",
    "additional_information": "Additional information",
    "model_package_details": "Model package details",
}
_METRIC_LISTS = ("metric_data", "training_metrics", "user_provided_training_metrics")


def _label(path: str) -> str:
    return path.replace("_", " ")


def _fields_table(title: str) -> Table:
    table = Table(title=title, show_header=False, title_justify="left", box=None, padding=(0, 1))
    table.add_column("Field", style="bold", no_wrap=True)
    table.add_column("Value", overflow="fold")
    return table


def _metrics_table(title: str, metrics: list[Any]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("Metric", "Type", "Value", "Notes"):
        table.add_column(name, overflow="fold")
    for metric in metrics:
        item = metric if isinstance(metric, dict) else {"value": metric}
        value = item.get("value")
        table.add_row(
            _cell(item.get("name")),
            _cell(item.get("type")),
            _cell(value if not isinstance(value, (dict, list)) else json.dumps(value)),
            _cell(item.get("notes")),
        )
    return table


def _flatten(
    prefix: str, value: Any, fields: list[tuple[str, Any]], metrics: list[tuple[str, list[Any]]]
) -> None:
    """Labelled fields of a card section; metric lists are set apart as tables.

    A list item with a ``name`` (an evaluation job, a metric group) is labelled by it.
    """
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix} / {_label(key)}" if prefix else _label(key)
            if key in _METRIC_LISTS and isinstance(child, list):
                label = prefix if key == "metric_data" and prefix else path
                metrics.append((label, child))
            elif key == "name" and prefix.endswith(f"{child}"):
                continue
            else:
                _flatten(path, child, fields, metrics)
    elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
        for index, child in enumerate(value):
            name = child.get("name") if isinstance(child, dict) else None
            label = str(name) if name is not None else f"[{index}]"
            _flatten(f"{prefix} / {label}" if prefix else label, child, fields, metrics)
    elif isinstance(value, list):
        fields.append((prefix, ", ".join(str(v) for v in value)))
    else:
        fields.append((prefix, value))


def version_view(version: ModelVersion, *, wide: bool = False) -> Group:
    """One version: its facts as labelled fields, then each card section, metrics as tables."""
    data = version_dict(version)
    facts = _fields_table(f"{escape(version.group)}/{version.version}")
    if wide:
        facts.add_row("ARN", _cell(version.arn))
    for key, label in _FACTS:
        value = data[key]
        if isinstance(value, dict):
            value = " / ".join(str(v) for v in value.values() if v)
        facts.add_row(label, _cell(value))
    parts: list[Any] = [facts]
    card = data["card"] or {}
    if not card:
        parts.append("\n[dim]No model card.[/]")
    for section, content in card.items():
        fields: list[tuple[str, Any]] = []
        metrics: list[tuple[str, list[Any]]] = []
        _flatten("", content, fields, metrics)
        title = f"\nCard: {_SECTIONS.get(section, _label(section))}"
        table = _fields_table(escape(title))
        for path, value in fields:
            table.add_row(escape(path), _cell(value))
        parts.append(table)
        parts.extend(_metrics_table(f"Metrics: {escape(path)}", items) for path, items in metrics)
    return Group(*parts)


def diff_table(changes: CardDiff, *, wide: bool = False) -> Table:
    """The field-level changes between two cards or versions."""
    a, b = (label if wide else ref_of(label) for label in (changes.a_label, changes.b_label))
    table = Table(
        title=f"{len(changes)} change(s) from {escape(a)} to {escape(b)}",
        caption=escape(changes.note.strip() + " --all shows them.") if changes.hidden else None,
        title_justify="left",
        caption_justify="left",
    )
    for name in ("Field", "Change", "Old", "New"):
        table.add_column(name, overflow="fold")
    for change in changes:
        table.add_row(_cell(change.path), change.kind, _cell(change.old), _cell(change.new))
    return table


def verify_lines(result: VerifyResult) -> list[str]:
    """The verdict of ``smgov verify``: the proven decision, or every problem."""
    if result.verified:
        decision = result.decision or {}
        who = (decision.get("decider") or {}).get("arn")
        lines = [
            f"[bold green]VERIFIED[/] {_cell(result.arn)}",
            f"  Approved by {_cell(who)} at {_cell(decision.get('time'))} "
            f"(ledger entry {_cell(decision.get('seq'))})",
        ]
    else:
        lines = [f"[bold red]NOT VERIFIED[/] {_cell(result.arn)}"]
        lines += [f"  - {_cell(problem)}" for problem in result.problems]
    lines.append(f"  subject digest {_cell(result.subject_digest)}")
    return lines


def print_lines(console: Console, lines: Sequence[str]) -> None:
    """Print markup lines."""
    for line in lines:
        console.print(line, highlight=False)
