"""The officer's commands: pending, show, check, approve, reject, history."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from sm_governance.cli._context import (
    Settings,
    fail,
    guarded,
    settings_of,
    stderr_is_terminal,
    usage_error,
)
from sm_governance.cli._errors import EXIT_REFUSED

__all__ = ["register"]

ArnArg = Annotated[
    str,
    typer.Argument(
        metavar="ARN",
        help="Model package version ARN (arn:aws:sagemaker:REGION:ACCOUNT:model-package/GROUP/N).",
        show_default=False,
    ),
]
PolicyOpt = Annotated[
    Path,
    typer.Option(
        "--policy",
        "-p",
        help="Policy file (YAML).",
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
ReasonOpt = Annotated[
    str,
    typer.Option("--reason", "-r", help="Why: mandatory, written where an auditor finds it."),
]
ExpectedOpt = Annotated[
    str,
    typer.Option(
        "--expected-status",
        help="The status you reviewed; any other status refuses "
        "(PendingManualApproval, Approved, Rejected).",
    ),
]
CardStatusOpt = Annotated[
    str | None,
    typer.Option(
        "--card-status",
        help="Also set the card status in the same write (e.g. Approved).",
        show_default=False,
    ),
]
DecisionIdOpt = Annotated[
    str | None,
    typer.Option(
        "--decision-id",
        help="Decision ID (1-36 letters, digits, hyphens); by default derived so that running "
        "the same command again is recognised as done.",
        show_default=False,
    ),
]


class ShowFormat(str, Enum):
    """``smgov show --format``."""

    TABLE = "table"
    MD = "md"
    JSON = "json"


def pending(
    ctx: typer.Context,
    group: Annotated[
        list[str] | None,
        typer.Option(
            "--group", "-g", help="A group to scan (repeat for more).", show_default=False
        ),
    ] = None,
    all_groups: Annotated[
        bool, typer.Option("--all-groups", help="Scan every group of the account (the default).")
    ] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, max=32, help="Groups listed at the same time."),
    ] = 8,
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="Also show each version's risk rating, card status and registrant "
            "(uses Search: same number of calls, needs sagemaker:Search).",
        ),
    ] = False,
) -> None:
    """List the versions waiting for a decision (100 a call; the whole account at once)."""
    settings = settings_of(ctx)
    if group and all_groups:
        usage_error(settings, "give either --group or --all-groups, not both")
    with guarded(settings):
        rows, scanned = _scan(settings, group or None, workers, details)
    if settings.json:
        settings.print_json({"groups_scanned": scanned, "pending": [row.to_dict() for row in rows]})
        return
    from sm_governance.cli._views import pending_table

    settings.out.print(pending_table(rows, scanned))


def _scan(
    settings: Settings, groups: list[str] | None, workers: int, details: bool
) -> tuple[list[Any], int | None]:
    """The queue and how many groups were named (``None``: the whole account was listed)."""
    desk = settings.desk()
    counted: list[int] = []
    if settings.json or not stderr_is_terminal():
        rows = desk.pending(groups, details=details, max_workers=workers, on_groups=counted.append)
        return rows, counted[0] if counted else None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("scanning groups"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=settings.err, transient=True) as progress:
        task = progress.add_task("scan", total=None)

        def on_groups(total: int) -> None:
            counted.append(total)
            progress.update(task, total=total)

        rows = desk.pending(
            groups,
            details=details,
            max_workers=workers,
            on_groups=on_groups,
            on_group=lambda _name, _count: progress.advance(task),
        )
    return rows, counted[0] if counted else None


def show(
    ctx: typer.Context,
    arn: ArnArg,
    fmt: Annotated[
        ShowFormat | None,
        typer.Option(
            "--format", "-f", help="table, md or json (default: --output).", show_default=False
        ),
    ] = None,
) -> None:
    """Show one version with its model card."""
    settings = settings_of(ctx)
    chosen = fmt or (ShowFormat.JSON if settings.json else ShowFormat.TABLE)
    with guarded(settings):
        version = settings.registry().get(arn)
        if chosen is ShowFormat.MD:
            from sm_governance.render import render_markdown

            settings.out.print(render_markdown(version), markup=False, highlight=False)
            return
    from sm_governance.cli._views import version_dict, version_table

    if chosen is ShowFormat.JSON:
        settings.print_json(version_dict(version))
    else:
        settings.out.print(version_table(version))


def check(ctx: typer.Context, arn: ArnArg, policy: PolicyOpt) -> None:
    """Run the policy gate on a version's card (nothing is written). Exit 1 when it fails."""
    settings = settings_of(ctx)
    with guarded(settings):
        report = settings.desk().check(arn, policy)
    if settings.json:
        settings.print_json(report.to_dict())
    else:
        from sm_governance.cli._views import report_table

        settings.out.print(report_table(report))
    if not report.passed:
        raise typer.Exit(EXIT_REFUSED)


def approve(
    ctx: typer.Context,
    arn: ArnArg,
    reason: ReasonOpt,
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            "-p",
            help="Policy file: the gate must pass.",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ] = None,
    override: Annotated[
        str | None,
        typer.Option(
            "--override",
            help="Approve although the gate fails, with this justification (recorded).",
            show_default=False,
        ),
    ] = None,
    expected_status: ExpectedOpt = "PendingManualApproval",
    card_status: CardStatusOpt = None,
    decision_id: DecisionIdOpt = None,
    allow_unknown_registrant: Annotated[
        bool,
        typer.Option(
            "--allow-unknown-registrant",
            help="Approve a version that does not record who registered it.",
        ),
    ] = False,
) -> None:
    """Approve a version: re-read, refuse self-approval, run the gate, write, verify."""
    settings = settings_of(ctx)
    with guarded(settings):
        from sm_governance.errors import PolicyViolationError

        try:
            decision = settings.desk().approve(
                arn,
                reason=reason,
                policy=policy,
                override_justification=override,
                expected_status=expected_status,
                card_status=card_status,
                decision_id=decision_id,
                allow_unknown_registrant=allow_unknown_registrant,
            )
        except PolicyViolationError as exc:
            if settings.json:
                raise
            from sm_governance.cli._views import report_table

            settings.err.print(report_table(exc.report))
            fail(settings, EXIT_REFUSED, "policy_failed", f"approval blocked: {exc.report.summary}")
    _print_decision(settings, decision)


def reject(
    ctx: typer.Context,
    arn: ArnArg,
    reason: ReasonOpt,
    expected_status: ExpectedOpt = "PendingManualApproval",
    card_status: CardStatusOpt = None,
    decision_id: DecisionIdOpt = None,
) -> None:
    """Reject a version with a reason (re-read, write, verify)."""
    settings = settings_of(ctx)
    with guarded(settings):
        decision = settings.desk().reject(
            arn,
            reason=reason,
            expected_status=expected_status,
            card_status=card_status,
            decision_id=decision_id,
        )
    _print_decision(settings, decision)


def _print_decision(settings: Settings, decision: Any) -> None:
    if settings.json:
        settings.print_json(decision.to_dict())
        return
    from sm_governance.cli._views import decision_lines, print_lines

    print_lines(settings.out, decision_lines(decision))


def history(ctx: typer.Context, arn: ArnArg) -> None:
    """Show a version's trail: registration, decisions, card status, lifecycle."""
    settings = settings_of(ctx)
    with guarded(settings):
        trail = settings.desk().history(arn)
    if settings.json:
        settings.print_json(trail.to_dict())
        return
    from sm_governance.cli._views import trail_table

    settings.out.print(trail_table(trail))
    for line in trail.limits:
        settings.out.print(f"[dim]note: {line}[/]", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the officer's commands to ``app``."""
    app.command(rich_help_panel="Review")(pending)
    app.command(rich_help_panel="Review")(show)
    app.command(rich_help_panel="Review")(check)
    app.command(rich_help_panel="Decide")(approve)
    app.command(rich_help_panel="Decide")(reject)
    app.command(rich_help_panel="Review")(history)
