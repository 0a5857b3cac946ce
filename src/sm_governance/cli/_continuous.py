"""Governance after the click: ``smgov due`` and ``smgov audit``."""

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any

import typer

from sm_governance.cli._context import Settings, guarded, settings_of, usage_error
from sm_governance.cli._errors import EXIT_REFUSED

__all__ = ["register"]

GroupOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--group",
        "-g",
        help="A group to scan (repeat for more); default: every group.",
        show_default=False,
    ),
]
PolicyOpt = Annotated[
    str | None,
    typer.Option(
        "--policy",
        "-p",
        help="Policy file, bundled policy name or s3://BUCKET/KEY giving review_every and "
        "approvals_required (default: SMGOV_POLICY).",
        show_default=False,
    ),
]


def _policy(settings: Settings, given: str | None, *, required: bool) -> Any:
    # as approve reads its policy: a file, a bundled policy's name, or s3://BUCKET/KEY (a
    # text option: a path would fold the "//" of a URI)
    from sm_governance.cli._gate import load_named_policy

    where = given if given is not None else os.environ.get("SMGOV_POLICY", "").strip()
    if not where:
        if required:
            usage_error(
                settings,
                "give --policy FILE (or set SMGOV_POLICY): it says how often "
                "approvals must be renewed (review_every)",
            )
        return None
    with guarded(settings):
        return load_named_policy(where, settings.s3)


def _ledger(settings: Settings, *, required: bool) -> Any:
    with guarded(settings):
        ledger = settings.desk().ledger
    if ledger is None and required:
        usage_error(
            settings,
            "give --ledger s3://BUCKET/PREFIX (or set SMGOV_LEDGER): approval times are read "
            "from the signed decisions",
        )
    return ledger


def _need_ledger_key(settings: Settings, ledger: Any, why: str) -> None:
    """A usage error (exit 2, before any call) when the ledger's key is not given."""
    if ledger.signer is None and settings.public_key is None:
        usage_error(
            settings,
            f"give --signing-key (or SMGOV_SIGNING_KEY) or --public-key FILE: {why} "
            "whose signatures verify",
        )


def _when(settings: Settings, text: str | None) -> datetime:
    if text is None:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        usage_error(
            settings,
            f"--as-of {text[:40]!r} is not a date: write 2026-12-31 or 2026-12-31T09:00:00Z",
        )
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if moment.year > 9000:
        usage_error(settings, f"--as-of {text[:40]!r} is past the year 9000")
    return moment


def _within(settings: Settings, text: str) -> timedelta:
    from sm_governance.policy._cadence import Interval

    try:
        interval = Interval.parse(text)
    except ValueError as exc:
        usage_error(settings, f"--within: {exc}")
    start = datetime(2000, 1, 1, tzinfo=timezone.utc)
    return interval.after(start) - start


def due(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Reference date (ISO 8601, UTC); default: now.", show_default=False
        ),
    ] = None,
    within: Annotated[
        str, typer.Option("--within", help="Also list what falls due this soon (e.g. 30d).")
    ] = "0d",
    group: GroupOpt = None,
    policy: PolicyOpt = None,
) -> None:
    """List Approved versions whose re-certification is due or overdue, oldest first."""
    settings = settings_of(ctx)
    moment = _when(settings, as_of)
    window = timedelta(0) if within.strip() in ("0", "0d") else _within(settings, within)
    # the options first: an s3:// policy is a call, made only once the command can run
    ledger = _ledger(settings, required=True)
    _need_ledger_key(settings, ledger, "approval times are read only from ledger entries")
    loaded = _policy(settings, policy, required=True)
    if loaded.review_every is None:
        usage_error(settings, f"policy {loaded.name} sets no review_every: nothing can fall due")
    from sm_governance.audit import scan_due

    with guarded(settings):
        items = scan_due(
            settings.registry().client,
            ledger,
            loaded,
            groups=group or (),
            as_of=moment,
            within=window,
            public_key=settings.public_key,
        )
    if settings.json:
        settings.print_json({"as_of": _iso(moment), "due": [i.to_json() for i in items]})
        return
    from sm_governance.cli._continuous_views import due_table

    settings.out.print(due_table(items, moment))


def audit(
    ctx: typer.Context,
    group: GroupOpt = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding is this severe or worse: "
            "critical, high, medium, low, or none.",
        ),
    ] = "low",
    policy: PolicyOpt = None,
    sarif: Annotated[
        Path | None,
        typer.Option(
            "--sarif",
            help="Also write the findings as SARIF 2.1.0 to this file.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Scan every version's posture: unverified or self-approved approvals, drift, expiry..."""
    from sm_governance.audit import SEVERITIES, scan, severity_at_least, to_sarif

    settings = settings_of(ctx)
    threshold = fail_on.strip().lower()
    if threshold not in (*SEVERITIES, "none"):
        usage_error(
            settings, f"--fail-on {fail_on[:20]!r}: use critical, high, medium, low or none"
        )
    ledger = _ledger(settings, required=False)
    if ledger is not None:
        _need_ledger_key(settings, ledger, "approvals are verified only from ledger entries")
    loaded = _policy(settings, policy, required=False)  # after the options: s3:// is a call
    with guarded(settings):
        report = scan(
            settings.registry().client,
            groups=group or (),
            ledger=ledger,
            public_key=settings.public_key,
            policy=loaded,
        )
    if sarif is not None:
        import json

        from sm_governance import __version__

        try:
            sarif.write_text(
                json.dumps(to_sarif(report.findings, version=__version__), indent=2),
                encoding="utf-8",
            )
        except OSError as exc:
            usage_error(settings, f"--sarif {sarif}: cannot write it: {exc.strerror or exc}")
    failing = threshold != "none" and any(
        severity_at_least(f.severity, threshold) for f in report.findings
    )
    if settings.json:
        settings.print_json({**report.to_json(), "fail_on": threshold, "failed": failing})
    else:
        from sm_governance.cli._continuous_views import audit_table

        settings.out.print(audit_table(report))
    if failing:
        raise typer.Exit(EXIT_REFUSED)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def register(app: typer.Typer) -> None:
    """Add ``due`` and ``audit`` to ``app``."""
    app.command(rich_help_panel="Continuous governance")(due)
    app.command(rich_help_panel="Continuous governance")(audit)
