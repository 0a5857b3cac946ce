"""The other commands: sandbox, demo, diff, render, policy schema."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from sm_governance.cli._context import Settings, guarded, settings_of, usage_error, warn_problems

__all__ = ["register"]

SourceArg = Annotated[
    str,
    typer.Argument(
        metavar="SOURCE",
        help="A version (GROUP/VERSION or its ARN), a model card ARN, or a file holding card "
        "content JSON.",
        show_default=False,
    ),
]


class DiffFormat(str, Enum):
    """``smgov diff --format``."""

    TABLE = "table"
    MD = "md"
    JSON = "json"


class RenderFormat(str, Enum):
    """``smgov render --format``."""

    MD = "md"
    HTML = "html"
    PDF = "pdf"


def _load_source(settings: Settings, source: str) -> Any:
    """A ``ModelVersion`` for a version ARN, a ``ModelCard`` for a card ARN or a file.

    Read leniently: what breaks a card rule is printed as warnings, never refused.
    """
    from sm_governance.errors import Problem
    from sm_governance.sources import load_card_source

    source = _named(settings, source)
    problems: list[Problem] = []
    subject = load_card_source(source, registry=_registry(settings, source), problems=problems)
    warn_problems(settings, problems)
    return subject


def _named(settings: Settings, source: str) -> str:
    """An ARN for ``GROUP/VERSION`` (unless a file has that name); anything else as given."""
    from sm_governance.cli._gate import is_remote

    return settings.resolve(source) if is_remote(source) else source


def _registry(settings: Settings, *sources: str) -> Any:
    """The registry, only when a source is in AWS: files need no region or credentials."""
    return settings.registry() if any(s.startswith("arn:") for s in sources) else None


def sandbox(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="0 picks a free port.")
    ] = 5000,
    seed: Annotated[
        bool, typer.Option("--seed", help="Create a demo group with versions in every state.")
    ] = False,
    admin_api: Annotated[
        bool,
        typer.Option(
            "--admin-api",
            help="Serve moto's admin API (/moto-api/: all state, secret keys included; a reset).",
        ),
    ] = False,
    log_requests: Annotated[
        bool, typer.Option("--log-requests", help="Log each request on stderr.")
    ] = False,
) -> None:
    """Run the local SageMaker on 127.0.0.1 until Ctrl-C (no AWS account needed).

    Prints the export lines for a registrant and an officer, the ledger and its signing key.
    """
    from sm_governance.testing.sandbox import SandboxPortError, run_sandbox

    try:
        run_sandbox(port, seed, out=typer.echo, admin_api=admin_api, log_requests=log_requests)
    except SandboxPortError as exc:
        usage_error(settings_of(ctx), str(exc))


def demo(ctx: typer.Context) -> None:
    """Walk the whole governance lifecycle on an embedded local SageMaker (no AWS account)."""
    from rich.console import Console

    from sm_governance.cli._demo import run_demo

    settings = settings_of(ctx)
    with guarded(settings):
        run_demo(Console())  # wrapping on: the story is prose, not data


def diff(
    ctx: typer.Context,
    a: SourceArg,
    b: SourceArg,
    fmt: Annotated[
        DiffFormat | None,
        typer.Option(
            "--format", "-f", help="table, md or json (default: --output).", show_default=False
        ),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also list the decision bookkeeping of two versions "
            "(approval note, governance: metadata).",
        ),
    ] = False,
) -> None:
    """Field-level differences between two cards or versions (A before, B after)."""
    settings = settings_of(ctx)
    chosen = fmt or (DiffFormat.JSON if settings.json else DiffFormat.TABLE)
    with guarded(settings):
        from sm_governance.errors import Problem
        from sm_governance.sources import diff_sources

        first, second = _named(settings, a), _named(settings, b)
        registry = _registry(settings, first, second)
        problems: list[Problem] = []
        changes = diff_sources(
            first, second, registry=registry, bookkeeping=show_all, problems=problems
        )
        warn_problems(settings, problems)
    if chosen is DiffFormat.JSON:
        settings.print_json(
            {
                "a": changes.a_label,
                "b": changes.b_label,
                "changes": changes.to_list(),
                "hidden": changes.hidden,
            }
        )
    elif chosen is DiffFormat.MD:
        from sm_governance._untrusted import visible

        settings.print_document(visible(changes.to_markdown()))
    else:
        from sm_governance.cli._views import diff_table

        settings.out.print(diff_table(changes, wide=settings.wide))


def render(
    ctx: typer.Context,
    source: SourceArg,
    fmt: Annotated[
        RenderFormat,
        typer.Option("--format", "-f", help="md, html, or pdf (needs --out and the [pdf] extra)."),
    ] = RenderFormat.MD,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="A template file or directory replacing the bundled one.",
            show_default=False,
        ),
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            "-p",
            help="Include this policy's report (a file or a bundled policy's name).",
            show_default=False,
        ),
    ] = None,
    sign_off: Annotated[
        bool, typer.Option("--sign-off/--no-sign-off", help="Add the sign-off block.")
    ] = True,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write to this file instead of stdout.", show_default=False
        ),
    ] = None,
    annex_iv: Annotated[
        bool,
        typer.Option(
            "--annex-iv",
            help="Render the EU AI Act Annex IV checklist instead of the card: each item "
            "covered, missing, or out of the card's reach (with what to attach).",
        ),
    ] = False,
) -> None:
    """Render a card (or a version with its card) as Markdown, HTML or PDF."""
    settings = settings_of(ctx)
    if annex_iv:
        if policy is not None or template is not None:
            usage_error(
                settings, "--annex-iv renders the checklist: it takes no --policy or --template"
            )
        _render_annex_iv(settings, source, fmt, out)
        return
    with guarded(settings):
        from sm_governance.render import render as render_card

        subject = _load_source(settings, source)
        report = None
        if policy is not None:
            from sm_governance.policy import evaluate, load_policy

            card = getattr(subject, "card", subject)
            if card is not None:
                report = evaluate(load_policy(policy), card)
        text = render_card(
            subject,
            format="html" if fmt is RenderFormat.PDF else fmt.value,
            policy_report=report,
            sign_off=sign_off,
            template=template,
        )
        _deliver(settings, text, out, pdf=fmt is RenderFormat.PDF)
    _wrote(settings, out)


def _deliver(settings: Settings, text: str, out: Path | None, *, pdf: bool) -> None:
    """Write a rendered document to ``out`` (as PDF if ``pdf``), or print it."""
    from sm_governance._untrusted import visible

    if pdf:
        from sm_governance.cli._evidence import write_pdf

        write_pdf(settings, text, out)
    elif out is not None:
        out.write_text(visible(text), encoding="utf-8")
    else:
        settings.print_document(visible(text), end="")


def _wrote(settings: Settings, out: Path | None) -> None:
    if out is not None and not settings.json:
        from sm_governance._untrusted import visible

        settings.err.print(f"wrote {visible(out)}", markup=False, highlight=False)


def _render_annex_iv(settings: Settings, source: str, fmt: RenderFormat, out: Path | None) -> None:
    from sm_governance.cli._evidence import annex_iv_document

    chosen = "json" if settings.json and out is None else fmt.value
    with guarded(settings):
        source = _named(settings, source)
        text = annex_iv_document(settings, source, "html" if chosen == "pdf" else chosen)
        _deliver(settings, text, out, pdf=chosen == "pdf")
    _wrote(settings, out)


def schema(ctx: typer.Context) -> None:
    """Print the policy file's JSON Schema (for editors and CI)."""
    settings = settings_of(ctx)
    from sm_governance.policy import policy_json_schema

    settings.print_json(policy_json_schema())


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    app.command(rich_help_panel="Review")(diff)
    app.command(rich_help_panel="Review")(render)
    policy = typer.Typer(help="Policy files.", no_args_is_help=True)
    policy.command()(schema)
    app.add_typer(policy, name="policy", rich_help_panel="Policy")
    app.command(rich_help_panel="Try it")(sandbox)
    app.command(rich_help_panel="Try it")(demo)
