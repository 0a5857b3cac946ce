"""The ``smgov`` application: global options, commands, and the entry point."""

import os
from typing import Annotated

import typer

from sm_governance.cli import _continuous, _evidence, _ledger, _review, _tools
from sm_governance.cli._context import Output, Settings
from sm_governance.cli._globals import SmgovGroup

__all__ = ["app", "main"]

app = typer.Typer(
    name="smgov",
    cls=SmgovGroup,
    help=(
        "Model governance on Amazon SageMaker: review model package versions and their "
        "model cards, run the policy gate, approve or reject with a reason, and read the "
        "trail.\n\nExit codes: 0 done, 1 refused or gate failed, 2 usage, 3 not found, "
        "4 AWS or access error."
    ),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    # Plain help: rendering it with rich costs more start-up time than the whole CLI.
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from sm_governance import __version__

        typer.echo(f"smgov {__version__}")
        raise typer.Exit


@app.callback()
def _global(
    ctx: typer.Context,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", help="AWS profile (default: the standard chain).", show_default=False
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's).",
            show_default=False,
        ),
    ] = None,
    endpoint_url: Annotated[
        str | None,
        typer.Option(
            "--endpoint-url",
            help="Endpoint for SageMaker and STS, e.g. a local sandbox "
            "(AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_SAGEMAKER work too).",
            show_default=False,
        ),
    ] = None,
    ledger: Annotated[
        str | None,
        typer.Option(
            "--ledger",
            envvar="SMGOV_LEDGER",
            help="The decision ledger, s3://BUCKET/PREFIX (an Object Lock bucket). Without "
            "it decisions work but their trail is unverified.",
            show_default=False,
        ),
    ] = None,
    signing_key: Annotated[
        str | None,
        typer.Option(
            "--signing-key",
            envvar="SMGOV_SIGNING_KEY",
            help="The ledger's KMS signing key (ID, ARN or alias; ECC_NIST_P256, SIGN_VERIFY).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Output, typer.Option("--output", "-o", help="table for people, json for scripts.")
    ] = Output.TABLE,
    wide: Annotated[
        bool, typer.Option("--wide", help="Tables show full ARNs (JSON always does).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Global options go before or after the command: ``smgov pending -o json``."""
    ctx.obj = Settings(
        profile=profile,
        region=region,
        endpoint_url=endpoint_url,
        output=output,
        ledger=ledger,
        signing_key=signing_key,
        wide=wide,
    )


_review.register(app)
_ledger.register(app)
_tools.register(app)
_continuous.register(app)
_evidence.register(app)


def main() -> None:
    """The ``smgov`` console script."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
