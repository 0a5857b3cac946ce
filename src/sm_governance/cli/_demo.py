"""``smgov demo``: the whole governance lifecycle on an embedded local SageMaker.

No AWS account is used: everything runs against :func:`sm_governance.testing.mock_governance`
in this process, with two IAM users as the two people. Each step prints the ``smgov`` command
a person would type and what they would see. Any step that does not behave as governance
requires (a gate that lets a bad card through, a self-approval that is accepted) stops the
demo with an error, so ``make demo`` doubles as an end-to-end check.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.panel import Panel
from rich.rule import Rule
from rich.syntax import Syntax

from sm_governance.cli._views import (
    decision_lines,
    diff_table,
    escape,
    pending_table,
    print_lines,
    report_table,
    trail_table,
)

if TYPE_CHECKING:
    from rich.console import Console

    from sm_governance.card import ModelCard

__all__ = ["DEMO_POLICY", "run_demo"]

GROUP = "credit-risk"
PROJECT = "c4x7p2demo9prj"
DOMAIN = "dzd_5gdemo7dom2xk"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
REGION = "us-east-1"

DEMO_POLICY = """\
policy: retail-credit
version: 1
require:
  - intended_uses.purpose_of_model
  - business_details.business_problem
metrics:
  fairness_score: ">= 0.8"
  p95_latency_ms: "<= 500"
datazone_project: required
when:
  - risk_rating: High
    require: [additional_information.ethical_considerations]
    metrics: {fairness_score: ">= 0.9"}
"""


class DemoError(RuntimeError):
    """A step of the demo did not behave as governance requires."""


def build_card(fairness: float) -> ModelCard:
    """The credit risk model's card, built with the builders."""
    from sm_governance.card import (
        AdditionalInformationBuilder,
        BusinessDetailsBuilder,
        EvaluationDetailsBuilder,
        IntendedUsesBuilder,
        ModelCardBuilder,
        ModelOverviewBuilder,
        TrainingDetailsBuilder,
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
                model_creator="Retail credit data science",
                model_artifact=["s3://demo-models/credit-risk/model.tar.gz"],
            ),
            intended_uses=IntendedUsesBuilder(
                purpose_of_model="Score retail loan applications for default risk.",
                intended_uses="Decision support for credit officers; never the sole decision.",
                risk_rating="Medium",
                explanations_for_risk_rating="Affects access to credit for individuals.",
            ),
            business_details=BusinessDetailsBuilder(
                business_problem="Reduce loan defaults without excluding good applicants.",
                business_stakeholders="Retail credit risk, compliance",
                line_of_business="Retail lending",
            ),
            training_details=TrainingDetailsBuilder(
                training_observations="Trained on 2019-2025 applications, stratified by region."
            ).training_metric("train_auc", 0.86),
            additional_information=AdditionalInformationBuilder(
                ethical_considerations="Protected attributes excluded; proxies reviewed.",
                caveats_and_recommendations="Retrain when the approval rate drifts by 5 points.",
            ),
        )
        .evaluation(evaluation)
        .datazone_project(PROJECT, domain_id=DOMAIN)
        .build()
    )


@contextmanager
def _offline() -> Iterator[None]:
    """No real endpoint, profile or credentials may leak into the demo."""
    from sm_governance.testing import mock_governance

    saved = {
        k: v for k, v in os.environ.items() if k.startswith(("AWS_ENDPOINT_URL", "AWS_PROFILE"))
    }
    for key in saved:
        del os.environ[key]
    try:
        with mock_governance():
            yield
    finally:
        os.environ.update(saved)


class _Story:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.number = 0

    def step(self, title: str) -> None:
        self.number += 1
        self.console.print()
        self.console.print(Rule(f"[bold]{self.number}. {escape(title)}", align="left"))

    def say(self, text: str) -> None:
        self.console.print(text, highlight=False)

    def command(self, who: str, line: str) -> None:
        self.console.print(f"[dim]{escape(who)}$[/] [bold cyan]{escape(line)}[/]", highlight=False)

    def refused(self, exc: BaseException) -> None:
        self.console.print(f"[bold red]refused:[/] {escape(str(exc))}", highlight=False)


def run_demo(console: Console) -> None:
    """Run the demo, printing to ``console``.

    Raises:
        DemoError: a step did not behave as governance requires.
    """
    import boto3

    from sm_governance.testing import create_user

    story = _Story(console)
    console.print(
        Panel(
            "The governance lifecycle of a credit risk model, on an embedded local SageMaker.\n"
            "No AWS account is used; alice (data scientist) and bob (governance officer) are "
            "two IAM users.",
            title="smgov demo",
        )
    )
    with _offline():
        admin = boto3.Session(
            aws_access_key_id="demo", aws_secret_access_key="demo", region_name=REGION
        )
        alice = create_user("alice", session=admin, region_name=REGION)
        bob = create_user("bob", session=admin, region_name=REGION)
        _lifecycle(story, alice.session, bob.session, alice.arn, bob.arn)
    console.print()
    console.print("[bold green]Demo complete:[/] every step behaved as governance requires.")


def _lifecycle(story: _Story, alice: Any, bob: Any, alice_arn: str, bob_arn: str) -> None:
    from sm_governance.approval import ApprovalDesk
    from sm_governance.policy import load_policy
    from sm_governance.registry import ModelRegistry

    cast = _Cast(
        registry=ModelRegistry(session=alice),
        officer=ApprovalDesk(session=bob),
        alice=alice,
        bob=bob,
        policy=load_policy(DEMO_POLICY),
    )
    story.step("Two people")
    story.say(f"alice registers models: [bold]{escape(alice_arn)}[/]")
    story.say(f"bob approves them:      [bold]{escape(bob_arn)}[/]")
    arn, first = _register(story, cast)
    _blocked(story, cast, arn)
    report = _fixed(story, cast, arn, first)
    _self_approval(story, cast, arn)
    _approved(story, cast, arn, report)


class _Cast:
    def __init__(self, *, registry: Any, officer: Any, alice: Any, bob: Any, policy: Any) -> None:
        self.registry = registry
        self.officer = officer
        self.alice = alice
        self.bob = bob
        self.policy = policy


_CHECK = "smgov check {arn} --policy retail-credit.yaml"


def _register(story: _Story, cast: _Cast) -> tuple[str, ModelCard]:
    story.step("A model package group bound to a DataZone project")
    cast.registry.ensure_group(GROUP, datazone_project_id=PROJECT, datazone_domain_id=DOMAIN)
    story.say(f"group [bold]{GROUP}[/] tagged datazone_project_id={PROJECT}")
    story.step("A model card built with the builders, registered pending approval")
    first = build_card(fairness=0.72)
    version = cast.registry.register(
        GROUP,
        first,
        image_uri=IMAGE,
        model_data_url="s3://demo-models/credit-risk/model.tar.gz",
        card_status="PendingReview",
        lifecycle={"Stage": "Development", "StageStatus": "InReview"},
    )
    story.say(f"registered [bold]{escape(version.arn)}[/]: {version.approval_status.value}")
    story.command("bob", "smgov pending")
    story.console.print(pending_table(cast.officer.pending(), 1))
    return str(version.arn), first


def _blocked(story: _Story, cast: _Cast, arn: str) -> None:
    from sm_governance.errors import PolicyViolationError

    story.step("The policy gate fails and blocks the approval")
    story.console.print(Syntax(DEMO_POLICY, "yaml", theme="ansi_dark"))
    story.command("bob", _CHECK.format(arn=arn))
    story.console.print(report_table(cast.officer.check(arn, cast.policy)))
    story.command("bob", f'smgov approve {arn} --reason "Looks good" --policy retail-credit.yaml')
    try:
        cast.officer.approve(arn, reason="Looks good", policy=cast.policy)
    except PolicyViolationError as exc:
        story.refused(exc)
    else:
        raise DemoError("the gate let a card with fairness_score 0.72 through")


def _fixed(story: _Story, cast: _Cast, arn: str, first: ModelCard) -> Any:
    from sm_governance.render import diff

    story.step("Alice fixes the card; now it passes")
    fixed = build_card(fairness=0.86)
    cast.registry.update_card(arn, fixed)
    story.command("alice", "smgov diff card-v1.json card-v2.json")
    story.console.print(diff_table(diff(first, fixed, a_label="before", b_label="after")))
    story.command("bob", _CHECK.format(arn=arn))
    report = cast.officer.check(arn, cast.policy)
    story.console.print(report_table(report))
    if not report.passed:
        raise DemoError("the fixed card does not pass the gate")
    return report


def _self_approval(story: _Story, cast: _Cast, arn: str) -> None:
    from sm_governance.approval import ApprovalDesk
    from sm_governance.errors import ApprovalRefusedError

    story.step("Alice cannot approve her own model")
    story.command("alice", f'smgov approve {arn} --reason "Ship it" --policy retail-credit.yaml')
    try:
        ApprovalDesk(session=cast.alice).approve(arn, reason="Ship it", policy=cast.policy)
    except ApprovalRefusedError as exc:
        story.refused(exc)
    else:
        raise DemoError("a self-approval was accepted")


def _approved(story: _Story, cast: _Cast, arn: str, report: Any) -> None:
    from sm_governance.registry import ModelRegistry
    from sm_governance.render import render_markdown

    story.step("Bob approves: re-read, separation of duties, gate, write, verify")
    reason = "Meets retail-credit v1; fairness re-measured after reweighting"
    story.command(
        "bob",
        f'smgov approve {arn} --reason "{reason}" '
        "--policy retail-credit.yaml --card-status Approved",
    )
    decision = cast.officer.approve(arn, reason=reason, policy=cast.policy, card_status="Approved")
    print_lines(story.console, decision_lines(decision))
    registry = ModelRegistry(session=cast.bob)
    registry.set_lifecycle(arn, "Staging", "Approved", "Cleared for staging deployment")
    story.step("The rendered card")
    story.command("bob", f"smgov show {arn} --format md")
    text = render_markdown(registry.get(arn), policy_report=report)
    story.console.print(text, markup=False, highlight=False)
    story.step("The history")
    story.command("bob", f"smgov history {arn}")
    story.console.print(trail_table(cast.officer.history(arn)))
