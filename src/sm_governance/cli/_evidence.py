"""Evidence for auditors: ``smgov evidence``, and the bodies of ``verify --bundle``,
``render --annex-iv`` and ``render --format pdf``."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from sm_governance.cli._context import Settings, guarded, settings_of, usage_error
from sm_governance.cli._errors import EXIT_REFUSED
from sm_governance.cli._review import ArnArg

__all__ = ["annex_iv_document", "register", "run_verify_bundle", "write_pdf"]


def evidence(
    ctx: typer.Context,
    arn: ArnArg,
    out: Annotated[
        Path,
        typer.Option("--out", help="The bundle to write (a .zip file).", show_default=False),
    ],
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            help="A policy file or bundled policy name whose gate report goes in (repeat "
            "for more), e.g. eu-ai-act-high-risk.",
            show_default=False,
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Include the card as PDF (the [pdf] extra).")
    ] = True,
    sign: Annotated[
        bool | None,
        typer.Option(
            "--sign/--no-sign",
            help="Sign the manifest with the ledger key (default: when you may).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the evidence bundle of a version: card (JSON, Markdown, HTML, PDF), description,
    signed ledger entries and key, gate reports, lineage, Annex IV checklist, VERIFY.md."""
    settings = settings_of(ctx)
    if out.suffix.lower() != ".zip":
        usage_error(settings, f"--out must name a .zip file, not {str(out)!r}")
    if out.is_dir() or not out.parent.is_dir():
        usage_error(settings, f"--out {str(out)!r}: no such folder {str(out.parent)!r}")
    with _pdf_extra(settings), guarded(settings):
        from sm_governance.evidence import build_bundle

        arn = settings.resolve(arn)
        bundle = build_bundle(
            arn, desk=settings.desk(), policies=policy or (), pdf=pdf, sign=sign, out=out
        )
    summary = {**bundle.to_dict(), "out": str(out)}
    if settings.json:
        settings.print_json(summary)
        return
    from sm_governance.cli._views import escape

    signed = (
        "signed"
        if bundle.signed
        else "[yellow]unsigned[/] (no kms:Sign on the ledger key: verify --bundle will refuse it)"
    )
    settings.out.print(f"wrote {escape(str(out))}: {len(bundle.files)} files", highlight=False)
    settings.out.print(f"  ledger entries  {bundle.entries}", highlight=False)
    settings.out.print(f"  manifest        {signed}", highlight=False)
    settings.out.print(f"  Annex IV        {escape(bundle.checklist.summary)}", highlight=False)
    check = f"smgov verify --bundle {escape(str(out))} --public-key LEDGER-KEY.pem"
    settings.out.print(f"  check it with   {check}", highlight=False)


@contextmanager
def _pdf_extra(settings: Settings) -> Iterator[None]:
    """Turn "the [pdf] extra is missing" into one usage line (exit 2)."""
    try:
        yield
    except ImportError as exc:
        if "sm-governance[pdf]" not in str(exc):
            raise
        usage_error(settings, str(exc))


def run_verify_bundle(settings: Settings, bundle: Path, public_key: Path | None) -> None:
    """``smgov verify --bundle FILE.zip``: check a bundle offline; exit 1 naming what fails.

    The key file named by ``public_key`` is already read, into ``settings.public_key``.
    """
    with guarded(settings):
        from sm_governance.errors import GovernanceError
        from sm_governance.evidence import verify_bundle

        try:
            result = verify_bundle(bundle, public_key=settings.public_key)
        except GovernanceError:
            raise  # about the bundle file itself: said as every file option's error is
        except ValueError as exc:
            usage_error(settings, f"--public-key {str(public_key)!r}: {exc}")
    if settings.json:
        settings.print_json(result.to_dict())
    else:
        from sm_governance.cli._views import escape

        if result.verified:
            decision = result.decision or {}
            settings.out.print(
                f"[green]verified[/] {escape(str(result.arn))}: {result.files} files, "
                f"{escape(str(decision.get('decision')))} at {escape(str(decision.get('time')))}",
                highlight=False,
            )
        else:
            settings.out.print(
                f"[bold red]not verified[/] {escape(str(bundle))}: "
                f"{len(result.problems)} problem(s)",
                highlight=False,
            )
        for problem in result.problems:
            settings.out.print(f"  - {escape(problem)}", highlight=False)
        for note in result.notes:
            settings.out.print(f"  [dim]note: {escape(note)}[/]", highlight=False)
    if not result.verified:
        raise typer.Exit(EXIT_REFUSED)


def annex_iv_document(settings: Settings, source: str, fmt: str) -> str:
    """``smgov render SOURCE --annex-iv``: the checklist as Markdown, HTML or JSON."""

    from sm_governance.evidence import annex_iv_for

    checklist = annex_iv_for(source, desk=settings.desk())
    if fmt == "json":
        from sm_governance._untrusted import safe_json  # control characters as \uXXXX

        return safe_json(checklist.to_dict()) + "\n"
    return checklist.to_html() if fmt == "html" else checklist.to_markdown()


def write_pdf(settings: Settings, html: str, out: Path | None) -> None:
    """``smgov render --format pdf``: lay out the HTML as PDF into ``out``."""
    if out is None:
        usage_error(settings, "--format pdf needs --out FILE.pdf (PDF is not terminal text)")
    with _pdf_extra(settings):
        from sm_governance.evidence import render_pdf

        out.write_bytes(render_pdf(html))


def register(app: typer.Typer) -> None:
    """Add ``evidence`` to ``app`` (``verify --bundle`` is in :mod:`._ledger`)."""
    app.command(rich_help_panel="Review")(evidence)
