"""``smgov demo``: the governance lifecycle on an embedded local SageMaker, told truly.

No AWS account is used: everything runs against :func:`sm_governance.testing.mock_governance`
in this process, with two IAM users as the two people. The files named (the policy, the two
cards) are written to a temporary directory, which is the working directory while the demo
runs; every ``smgov`` line shown is run as shown, as that person, and what follows it is what
``smgov`` printed. The one step without a command, registering a version, shows the Python
call that is made.

The story: version 1 fails the gate and is rejected; the model is retrained and registered
as version 2 (a new artifact, a new card), which passes; its author cannot approve it; the
officer approves it; the history shows the trail. A step that does not behave as governance
requires (a wrong exit code) stops the demo with an error, so ``make demo`` is also an
end-to-end check.

Decisions are recorded in a decision ledger (an Object Lock bucket and a KMS signing key
of the embedded SageMaker's account, named by ``SMGOV_LEDGER`` and ``SMGOV_SIGNING_KEY``):
after the approval, ``smgov verify`` proves it, and after the registrant edits the approved
version's card in place, ``smgov verify`` refuses it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.panel import Panel

from sm_governance.cli._errors import EXIT_OK, EXIT_REFUSED

if TYPE_CHECKING:
    from rich.console import Console

    from sm_governance.card import ModelCard
    from sm_governance.testing import Identity

__all__ = ["DEMO_POLICY", "DemoError", "build_card", "run_demo"]

GROUP = "credit-risk"
PROJECT = "c4x7p2demo9prj"
DOMAIN = "dzd_5gdemo7dom2xk"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
REGION = "us-east-1"
POLICY_FILE = "retail-credit.yaml"
LEDGER_BUCKET = "smgov-demo-ledger"
LEDGER = f"s3://{LEDGER_BUCKET}/decisions"
SIGNING_KEY = "alias/smgov-ledger"

DEMO_POLICY = """\
policy: retail-credit
version: 1
require: [intended_uses.purpose_of_model]
metrics: {fairness_score: ">= 0.8"}
datazone_project: required
"""

_PERSON_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE")


class DemoError(RuntimeError):
    """A step of the demo did not behave as governance requires."""


def build_card(fairness: float, artifact: str) -> ModelCard:
    """The credit risk model's card, built with the builders."""
    from sm_governance.card import (
        BusinessDetailsBuilder,
        EvaluationDetailsBuilder,
        IntendedUsesBuilder,
        ModelCardBuilder,
        ModelOverviewBuilder,
    )

    evaluation = (
        EvaluationDetailsBuilder(name="holdout-2026q3", datasets=["s3://demo-data/holdout/"])
        .metric("quality", "auc", 0.84)
        .metric("quality", "fairness_score", fairness)
        .metric("quality", "p95_latency_ms", 120)
    )
    return (
        ModelCardBuilder(
            model_overview=ModelOverviewBuilder(
                model_creator="Retail credit data science", model_artifact=[artifact]
            ),
            intended_uses=IntendedUsesBuilder(
                purpose_of_model="Score retail loan applications for default risk.",
                risk_rating="Medium",
            ),
            business_details=BusinessDetailsBuilder(
                business_problem="Reduce loan defaults without excluding good applicants."
            ),
        )
        .evaluation(evaluation)
        .datazone_project(PROJECT, domain_id=DOMAIN)
        .build()
    )


@contextmanager
def _offline_in(directory: Path) -> Iterator[None]:
    """The embedded SageMaker, ``directory`` as working directory, the caller's AWS hidden."""
    from sm_governance.testing import mock_governance

    hidden = ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "SMGOV_", *_PERSON_ENV)
    saved = {k: v for k, v in os.environ.items() if k.startswith(hidden)}
    for key in saved:
        del os.environ[key]
    here = Path.cwd()
    os.chdir(directory)
    try:
        with mock_governance():
            yield
    finally:
        os.chdir(here)
        for key in [k for k in os.environ if k.startswith(hidden)]:
            del os.environ[key]
        os.environ.update(saved)


class _Story:
    def __init__(self, console: Console, people: dict[str, Identity]) -> None:
        self.console = console
        self.people = people
        self.account = people["alice"].arn.split(":")[4]

    def say(self, text: str) -> None:
        self.console.print()
        self.console.print(text, highlight=False)

    def run(self, who: str, line: str, expect: int = EXIT_OK) -> None:
        """Run ``smgov`` as ``who`` exactly as shown; its own output follows the line."""
        import shlex

        import typer

        from sm_governance.cli._app import app

        self.console.print(f"[dim]{who}$[/] [bold cyan]{escape(line)}[/]", highlight=False)
        credentials = self.people[who].session.get_credentials()
        assert credentials is not None
        os.environ["AWS_ACCESS_KEY_ID"] = credentials.access_key
        os.environ["AWS_SECRET_ACCESS_KEY"] = credentials.secret_key
        os.environ["AWS_DEFAULT_REGION"] = REGION
        command = typer.main.get_command(app)
        result = command.main(shlex.split(line)[1:], prog_name="smgov", standalone_mode=False)
        code = result if isinstance(result, int) else EXIT_OK
        if code != expect:
            raise DemoError(f"{line!r} exited {code}, not {expect}")


def run_demo(console: Console) -> None:
    """Run the demo, printing to ``console``.

    Raises:
        DemoError: a step did not behave as governance requires.
    """
    import boto3

    from sm_governance.testing import create_user

    console.print(
        Panel(
            "A credit risk model from registration to approval on an embedded local SageMaker "
            "(no AWS account).\nalice (data scientist) and bob (governance officer) are two "
            "IAM users; each smgov line runs as shown.",
            title="smgov demo",
        )
    )
    with tempfile.TemporaryDirectory(prefix="smgov-demo-") as work, _offline_in(Path(work)):
        admin = boto3.Session(
            aws_access_key_id="demo", aws_secret_access_key="demo", region_name=REGION
        )
        people = {
            name: create_user(name, session=admin, region_name=REGION) for name in ("alice", "bob")
        }
        _ledger(admin)
        _story(_Story(console, people), Path(work))
    console.print()
    console.print("[bold green]Demo complete:[/] every step behaved as governance requires.")


def _ledger(admin: Any) -> None:
    """The decision ledger: an Object Lock bucket and an ECC signing key, named in the env."""
    admin.client("s3").create_bucket(Bucket=LEDGER_BUCKET, ObjectLockEnabledForBucket=True)
    kms = admin.client("kms")
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName=SIGNING_KEY, TargetKeyId=key)
    os.environ["SMGOV_LEDGER"] = LEDGER
    os.environ["SMGOV_SIGNING_KEY"] = SIGNING_KEY


def _tamper(story: _Story, card_file: str) -> None:
    """alice edits the approved version's card in place: a better fairness score."""
    import json

    content = json.loads(Path(card_file).read_text(encoding="utf-8"))
    metric = content["evaluation_details"][0]["metric_groups"][0]["metric_data"][1]
    metric["value"] = 0.95
    arn = f"arn:aws:sagemaker:{REGION}:{story.account}:model-package/{GROUP}/2"
    for line in (
        f"content = json.loads(Path({card_file!r}).read_text())",
        'content["evaluation_details"][0]["metric_groups"][0]["metric_data"][1]["value"] = 0.95',
        f"sagemaker.update_model_package(ModelPackageArn=arn_of_{GROUP.replace('-', '_')}_2, "
        'ModelCard={"ModelCardContent": json.dumps(content)})',
    ):
        story.console.print(f"[dim]alice>>>[/] [bold cyan]{escape(line)}[/]", highlight=False)
    sagemaker = story.people["alice"].session.client("sagemaker")
    sagemaker.update_model_package(
        ModelPackageArn=arn, ModelCard={"ModelCardContent": json.dumps(content)}
    )


def _register(story: _Story, card_file: str, artifact: str) -> None:
    from sm_governance.card import ModelCard
    from sm_governance.registry import ModelRegistry

    for line in (
        f"card = ModelCard.from_content_json(Path({card_file!r}).read_text())",
        f"registry.register({GROUP!r}, card, image_uri=IMAGE, model_data_url={artifact!r}, "
        "card_status='PendingReview')",
    ):
        story.console.print(f"[dim]alice>>>[/] [bold cyan]{escape(line)}[/]", highlight=False)
    registry = ModelRegistry(session=story.people["alice"].session)
    version = registry.register(
        GROUP,
        ModelCard.from_content_json(Path(card_file).read_text(encoding="utf-8")),
        image_uri=IMAGE,
        model_data_url=artifact,
        card_status="PendingReview",
    )
    story.console.print(f"{version.group}/{version.version}: {version.approval_status.value}")


def _story(story: _Story, work: Path) -> None:
    from sm_governance.registry import ModelRegistry

    v1, v2 = (f"s3://demo-models/credit-risk/{v}/model.tar.gz" for v in ("v1", "v2"))
    (work / POLICY_FILE).write_text(DEMO_POLICY, encoding="utf-8")
    (work / "card-v1.json").write_text(build_card(0.72, v1).to_content_json(), encoding="utf-8")
    ModelRegistry(session=story.people["alice"].session).ensure_group(
        GROUP, datazone_project_id=PROJECT, datazone_domain_id=DOMAIN
    )
    story.say(
        f"The officer's policy, [bold]{POLICY_FILE}[/]:\n{escape(DEMO_POLICY.rstrip())}\n\n"
        f"Decisions go to the ledger {LEDGER}, signed with {SIGNING_KEY} "
        "(SMGOV_LEDGER, SMGOV_SIGNING_KEY).\n"
        f"alice registers version 1 of group {GROUP} (DataZone project {PROJECT}) "
        "from card-v1.json."
    )
    _register(story, "card-v1.json", v1)

    story.say("bob reviews the queue and tries to approve it: the gate blocks version 1.")
    story.run("bob", "smgov pending")
    story.run(
        "bob",
        f'smgov approve {GROUP}/1 --reason "Looks good" --policy {POLICY_FILE}',
        expect=EXIT_REFUSED,
    )
    story.run("bob", f'smgov reject {GROUP}/1 --reason "fairness_score 0.72 is below 0.8"')

    story.say(
        "alice retrains with reweighting: a new artifact and a new card, card-v2.json, which "
        "she checks locally (no AWS) before registering it as version 2."
    )
    (work / "card-v2.json").write_text(build_card(0.86, v2).to_content_json(), encoding="utf-8")
    story.run("alice", "smgov diff card-v1.json card-v2.json")
    story.run("alice", f"smgov check card-v2.json --policy {POLICY_FILE}")
    _register(story, "card-v2.json", v2)

    story.say("alice cannot approve her own model; bob can, once the gate passes.")
    story.run(
        "alice",
        f'smgov approve {GROUP}/2 --reason "Ship it" --policy {POLICY_FILE}',
        expect=EXIT_REFUSED,
    )
    story.run(
        "bob",
        f'smgov approve {GROUP}/2 --reason "Fairness fixed by reweighting" '
        f"--policy {POLICY_FILE} --card-status Approved",
    )
    story.say("The trail, as an auditor reads it, and the proof a deployment asks for.")
    story.run("bob", f"smgov history {GROUP}/2")
    story.run("bob", f"smgov verify {GROUP}/2")
    story.say(
        "alice edits the approved card in place (a better fairness score); verify catches it."
    )
    _tamper(story, "card-v2.json")
    story.run("bob", f"smgov verify {GROUP}/2", expect=EXIT_REFUSED)
