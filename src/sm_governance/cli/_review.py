"""The officer's commands: pending, show, check, approve, reject, history."""

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
    warn_problems,
)
from sm_governance.cli._errors import EXIT_REFUSED
from sm_governance.cli._ledger import SubjectDigestOpt, subject_line

__all__ = ["register"]

ArnArg = Annotated[
    str,
    typer.Argument(
        metavar="VERSION",
        help="The version: GROUP/VERSION (credit-risk/3, in this account and region) or its "
        "ARN (arn:aws:sagemaker:REGION:ACCOUNT:model-package/GROUP/VERSION).",
        show_default=False,
    ),
]
PolicyOpt = Annotated[
    str,
    typer.Option(
        "--policy",
        "-p",
        help="Policy file (YAML), or a bundled policy's name (eu-ai-act-high-risk).",
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
    from sm_governance.errors import NotFoundError

    with guarded(settings):
        try:
            rows, scanned = _scan(settings, group or None, workers, details)
        except NotFoundError:
            # SageMaker refuses to list a group that does not exist: name it in our words
            _check_named_groups(settings, group or [], [])
            raise
        _check_named_groups(settings, group or [], rows)
    if settings.json:
        settings.print_json({"groups_scanned": scanned, "pending": [row.to_dict() for row in rows]})
        return
    from sm_governance.cli._views import pending_table

    settings.out.print(pending_table(rows, scanned, wide=settings.wide))


def _check_named_groups(settings: Settings, groups: list[str], rows: list[Any]) -> None:
    """A named group with nothing pending must exist: a typo never looks like an empty queue.

    One ``DescribeModelPackageGroup`` per named group that came back empty.
    """
    from sm_governance.errors import NotFoundError, map_client_errors

    seen = {row.group for row in rows}
    for name in dict.fromkeys(groups):
        short = name.rsplit("/", 1)[-1]
        if short in seen:
            continue
        try:
            with map_client_errors("DescribeModelPackageGroup"):
                settings.desk().client.describe_model_package_group(ModelPackageGroupName=name)
        except NotFoundError as exc:
            raise NotFoundError(
                f"model package group {name!r} does not exist (pending --group); "
                "'smgov pending' without --group lists every group's queue",
                code=exc.code,
                operation=exc.operation,
            ) from exc


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
        warn_problems(settings, version.card_problems)
        if chosen is ShowFormat.MD:
            from sm_governance._untrusted import visible
            from sm_governance.render import render_markdown

            settings.print_document(visible(render_markdown(version)))
            return
    if chosen is ShowFormat.JSON:
        from sm_governance.cli._json import version_dict

        settings.print_json(version_dict(version))
    else:
        from sm_governance.cli._views import version_view

        settings.out.print(version_view(version, wide=settings.wide))


def check(
    ctx: typer.Context,
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="CARD_OR_VERSION...",
            help="Card content JSON files (checked locally, no AWS) or versions "
            "(GROUP/VERSION or ARN).",
            show_default=False,
        ),
    ],
    policy: PolicyOpt,
    junit: Annotated[
        Path | None,
        typer.Option(
            "--junit",
            help="Also write a JUnit XML report here (one test case per rule), for CI.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the policy gate on cards (files or versions; nothing is written). Exit 1 on a failure.

    Exit 2 when a card file is invalid (after checking the others).
    """
    from sm_governance.cli._errors import EXIT_USAGE, classify
    from sm_governance.cli._gate import CardCheck, is_remote, junit_xml

    settings = settings_of(ctx)
    with guarded(settings):
        from sm_governance.policy import evaluate, load_policy

        loaded = load_policy(policy)
    checks: list[CardCheck] = []
    for source in sources:
        try:
            if is_remote(source):
                arn = settings.resolve(source)
                report, digest = settings.desk().review(arn, loaded)
                warn_problems(settings, report.card_problems)
                checks.append(CardCheck(source, report, subject_digest=digest))
            else:
                from sm_governance.sources import load_card_source

                card: Any = load_card_source(source)
                checks.append(CardCheck(source, evaluate(loaded, card)))
        except Exception as exc:
            verdict = classify(exc)
            if verdict is None or is_remote(source) or len(sources) == 1:
                with guarded(settings):
                    raise
            code, kind, message = verdict
            checks.append(CardCheck(source, error=message, kind=kind, extra={"code": code}))
    if junit is not None:
        try:
            junit.write_bytes(junit_xml(checks, str(policy)))
        except OSError as exc:
            usage_error(settings, f"--junit {junit}: cannot write it: {exc.strerror or exc}")
    if settings.json:
        if len(checks) == 1 and checks[0].report is not None:
            settings.print_json(
                {**checks[0].report.to_dict(), "subject_digest": checks[0].subject_digest}
            )
        else:
            passed = all(check.passed for check in checks)
            settings.print_json({"passed": passed, "results": [c.to_dict() for c in checks]})
    else:
        from sm_governance.cli._views import escape, report_table

        for check in checks:
            if check.report is not None:
                settings.out.print(report_table(check.report, source=check.source))
                subject_line(settings, check.subject_digest)
            else:
                settings.err.print(f"[bold red]error:[/] {escape(check.error or '')}")
    if any(check.report is None for check in checks):
        raise typer.Exit(EXIT_USAGE)
    if not all(check.passed for check in checks):
        raise typer.Exit(EXIT_REFUSED)


def approve(
    ctx: typer.Context,
    arn: ArnArg,
    reason: ReasonOpt,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            "-p",
            help="Policy file or bundled policy name (eu-ai-act-high-risk): the gate must "
            "pass (default: $SMGOV_POLICY).",
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
    no_policy: Annotated[
        bool,
        typer.Option(
            "--no-policy",
            help="Approve without a policy gate (recorded as gate not-run).",
        ),
    ] = False,
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
    subject_digest: SubjectDigestOpt = None,
) -> None:
    """Approve a version: re-read, refuse self-approval, run the gate, write, verify.

    The gate runs the policy of --policy, else of $SMGOV_POLICY; --no-policy approves
    without one (recorded). With none of them approve refuses (exit 2).
    """
    settings = settings_of(ctx)
    from sm_governance.cli._gate import load_named_policy, policy_for_approval

    try:
        source, _origin = policy_for_approval(policy, no_policy)
    except ValueError as exc:
        usage_error(settings, str(exc))
    with guarded(settings):
        from sm_governance.errors import PolicyViolationError

        loaded = load_named_policy(source, settings.s3) if source is not None else None
        try:
            decision = settings.desk().approve(
                settings.resolve(arn),
                reason=reason,
                policy=loaded,
                override_justification=override,
                expected_status=expected_status,
                card_status=card_status,
                decision_id=decision_id,
                allow_unknown_registrant=allow_unknown_registrant,
                subject_digest=subject_digest,
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
    subject_digest: SubjectDigestOpt = None,
) -> None:
    """Reject a version with a reason (re-read, write, verify)."""
    settings = settings_of(ctx)
    with guarded(settings):
        decision = settings.desk().reject(
            settings.resolve(arn),
            reason=reason,
            expected_status=expected_status,
            card_status=card_status,
            decision_id=decision_id,
            subject_digest=subject_digest,
        )
    _print_decision(settings, decision)


def _print_decision(settings: Settings, decision: Any) -> None:
    if settings.json:
        settings.print_json(decision.to_dict())
        return
    from sm_governance.cli._views import decision_lines, print_lines

    print_lines(settings.out, decision_lines(decision, wide=settings.wide))


def history(ctx: typer.Context, arn: ArnArg) -> None:
    """Show a version's trail: registration, decisions, card status, lifecycle."""
    settings = settings_of(ctx)
    with guarded(settings):
        trail = settings.desk().history(settings.resolve(arn))
    if settings.json:
        settings.print_json(trail.to_dict())
        return
    from sm_governance._untrusted import visible
    from sm_governance.cli._views import trail_table

    settings.out.print(trail_table(trail, wide=settings.wide))
    for line in trail.limits:
        settings.out.print(f"note: {visible(line)}", style="dim", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the officer's commands to ``app``."""
    app.command(rich_help_panel="Review")(pending)
    app.command(rich_help_panel="Review")(show)
    app.command(rich_help_panel="Review")(check)
    app.command(rich_help_panel="Decide")(approve)
    app.command(rich_help_panel="Decide")(reject)
    app.command(rich_help_panel="Review")(history)
