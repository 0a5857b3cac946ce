"""``smgov verify``, and the options of the decision ledger the officer's commands share."""

from pathlib import Path
from typing import Annotated

import typer

from sm_governance.cli._context import Settings, guarded, settings_of, usage_error
from sm_governance.cli._errors import EXIT_REFUSED

__all__ = ["SubjectDigestOpt", "register", "subject_line", "verify"]

SubjectDigestOpt = Annotated[
    str | None,
    typer.Option(
        "--subject-digest",
        help="The subject digest you reviewed (sha256:v1:..., as `smgov show` prints it); "
        "refuses, writing nothing, if the version changed since.",
        show_default=False,
    ),
]


def subject_line(settings: Settings, digest: str | None) -> None:
    """Print the version's subject digest under a table (JSON carries it as a key)."""
    if digest:
        from sm_governance._untrusted import visible

        settings.out.print(f"subject digest: {visible(digest)}", markup=False, highlight=False)


def verify(
    ctx: typer.Context,
    arn: Annotated[
        str | None,
        typer.Argument(
            metavar="[VERSION]",
            help="The version to verify before deploying it: its ARN, or GROUP/VERSION "
            "(not with --bundle).",
            show_default=False,
        ),
    ] = None,
    bundle: Annotated[
        Path | None,
        typer.Option(
            "--bundle",
            help="Check an evidence bundle (.zip from `smgov evidence`) offline instead: "
            "files, signatures, chain, subject digest. No AWS call.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key",
            help="The signing key's public key (PEM or DER, as KMS GetPublicKey gives it): "
            "check signatures offline, without KMS.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Prove a version's approval from the decision ledger (or check an evidence bundle
    offline with --bundle). Exit 0 only if it is proven.

    Checks: the version is Approved; the ledger's latest entry is that approval; every
    signature verifies; the chain has no gap or fork; the decider is not the registrant;
    the version has not changed since (its subject digest). Otherwise exit 1, naming each
    problem.
    """
    settings = settings_of(ctx)
    if (arn is None) == (bundle is None):
        usage_error(settings, "give a version ARN or --bundle FILE.zip (one of them)")
    if public_key is not None:
        from sm_governance._files import read_bytes

        with guarded(settings):
            settings.public_key = read_bytes(public_key, subject="--public-key")
    if bundle is not None:
        from sm_governance.cli._evidence import run_verify_bundle

        run_verify_bundle(settings, bundle, public_key)
        return
    assert arn is not None
    with guarded(settings):
        result = settings.desk().verify(settings.resolve(arn))
    if settings.json:
        settings.print_json(result.to_dict())
    else:
        from sm_governance.cli._views import print_lines, verify_lines

        print_lines(settings.out, verify_lines(result))
    if not result.verified:
        raise typer.Exit(EXIT_REFUSED)


def register(app: typer.Typer) -> None:
    """Add ``verify`` to ``app``."""
    app.command(rich_help_panel="Review")(verify)
