"""AWS calls per operation, counted with botocore event hooks under the local SageMaker.

Every request a session's clients send fires ``before-call.<service>.<operation>``; a hook on
the registrant's and the officer's sessions records each one. The operations run under
``mock_governance()`` (moto in this process), with two IAM users so that separation of duties
is checked as in production.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks._harness import Context, Goal, Section, table

GROUP = "credit-risk"
PROJECT = "c4x7p2demo9prj"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
POLICY = """
policy: retail-credit
version: 1
require: [intended_uses.purpose_of_model, business_details.business_problem]
metrics:
  fairness_score: ">= 0.8"
datazone_project: required
"""


class _Recorder:
    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, model: Any, **_: Any) -> None:
        self.names.append(str(model.name))

    def take(self) -> list[str]:
        names, self.names = self.names, []
        return names


def _sequence(names: list[str]) -> str:
    """The requests in order, runs of the same one collapsed (``ListModelPackages x20``)."""
    runs: list[list[Any]] = []
    for name in names:
        if runs and runs[-1][0] == name:
            runs[-1][1] += 1
        else:
            runs.append([name, 1])
    return ", ".join(f"{n} x{c}" if c > 1 else str(n) for n, c in runs)


def measure(groups_for_scan: int, extra_pending: int) -> list[tuple[str, list[str], int, str]]:
    """Run each operation once; (operation, calls sent, SPEC minimum, why that minimum)."""
    from sm_governance.approval import ApprovalDesk
    from sm_governance.card import ModelCard
    from sm_governance.registry import ModelRegistry
    from sm_governance.testing import demo_card, mock_governance, two_people

    rows: list[tuple[str, list[str], int, str]] = []
    with mock_governance():
        people = two_people(region_name="us-east-1")
        registrant, officer = _Recorder(), _Recorder()
        people.registrant.session.events.register("before-call.*.*", registrant)
        people.officer.session.events.register("before-call.*.*", officer)
        registry = ModelRegistry(session=people.registrant.session)
        registry.ensure_group(GROUP, datazone_project_id=PROJECT)
        registrant.take()

        def register(i: int) -> str:
            card = ModelCard.from_content(demo_card(i, auc=0.84, fairness=0.91))
            version = registry.register(
                GROUP, card, image_uri=IMAGE, model_data_url=f"s3://models/credit/v{i}.tar.gz"
            )
            return version.arn

        def step(
            name: str, recorder: _Recorder, minimum: int, why: str, call: Callable[[], Any]
        ) -> Any:
            recorder.take()
            result = call()
            rows.append((name, recorder.take(), minimum, why))
            return result

        first = step(
            "register (card attached)", registrant, 1, "one CreateModelPackage", lambda: register(1)
        )
        second, third = register(2), register(3)
        step(
            "get (card parsed)",
            registrant,
            1,
            "one DescribeModelPackage",
            lambda: registry.get(first),
        )
        desk = ApprovalDesk(session=people.officer.session)
        step(
            "approve, first decision of the process",
            officer,
            4,
            "identity once + read + write + verification read",
            lambda: desk.approve(first, reason="Meets retail-credit", policy=POLICY),
        )
        step(
            "approve, later decisions",
            officer,
            3,
            "read + write + verification read",
            lambda: desk.approve(second, reason="Meets retail-credit", policy=POLICY),
        )
        step(
            "reject",
            officer,
            3,
            "read + write + verification read (identity known)",
            lambda: desk.reject(third, reason="Fairness evidence is stale"),
        )
        step("check (policy gate only)", officer, 1, "one read", lambda: desk.check(first, POLICY))
        step("history", officer, 1, "one read", lambda: desk.history(first))
        step(
            "pending, one group",
            officer,
            1,
            "one filtered ListModelPackages page",
            lambda: desk.pending([GROUP]),
        )
        for g in range(groups_for_scan - 1):
            registry.ensure_group(f"team-{g:03d}")
        for i in range(extra_pending):
            card = ModelCard.from_content(demo_card(i, auc=0.84, fairness=0.91))
            registry.register(
                f"team-{i % (groups_for_scan - 1):03d}",
                card,
                image_uri=IMAGE,
                model_data_url=f"s3://models/team/v{i}.tar.gz",
            )
        waiting = len(desk.pending(None))
        pages = max(1, -(-waiting // 100))
        step(
            f"pending, all {groups_for_scan} groups, {waiting} pending",
            officer,
            pages,
            f"ceil({waiting}/100) account-wide ListModelPackages pages",
            lambda: desk.pending(None),
        )
        named = [GROUP, *(f"team-{g:03d}" for g in range(4))]
        step(
            f"pending, {len(named)} named groups, {waiting} pending in the account",
            officer,
            min(pages, len(named)),
            "the cheaper of the account-wide pages and one page per group",
            lambda: desk.pending(named),
        )
        step(
            f"pending --details, all groups, {waiting} pending",
            officer,
            pages,
            f"ceil({waiting}/100) Search pages (card, status, registrant included)",
            lambda: desk.pending(None, details=True),
        )
    return rows


def run(ctx: Context) -> Section:
    """Count the calls and return the report section."""
    groups, extra = (5, 4) if ctx.smoke else (20, 150)
    ctx.say("AWS calls: counting under mock_governance")
    rows = measure(groups, extra)
    section = Section("AWS calls per operation")
    section.lines += [
        "Counted with a botocore `before-call.*.*` hook on the registrant's and the officer's "
        "boto3 sessions, under `mock_governance()` with two IAM users. The minimum is SPEC "
        "section 5's (register 1; approve one read + one write, one identity call per process "
        "and one verification read) or, for the other operations, the fewest requests the "
        "SageMaker API allows.",
        "",
    ]
    section.lines += table(
        ["operation", "calls", "minimum", "the minimum is", "requests sent, in order"],
        [[name, len(calls), minimum, why, _sequence(calls)] for name, calls, minimum, why in rows],
    )
    under = [name for name, calls, minimum, _ in rows if len(calls) < minimum]
    if under:
        section.lines += [
            "",
            f"Below the minimum ({', '.join(under)}): the local SageMaker answered `Search` "
            "in one page whatever `MaxResults` said; SageMaker pages by 100, which the "
            "minimum counts.",
        ]
    counts = {name: len(calls) for name, calls, _, _ in rows}
    section.headlines.append(
        [
            "AWS calls",
            f"register {counts['register (card attached)']}; approve "
            f"{counts['approve, later decisions']}, plus 1 STS call per process",
            "",
            "at SPEC's minimum"
            if all(len(c) <= m for _, c, m, _ in rows)
            else "**above** SPEC's minimum",
        ]
    )
    over = [name for name, calls, minimum, _ in rows if len(calls) > minimum]
    section.goals.append(
        Goal(
            "AWS calls per operation",
            "SPEC section 5 minimum",
            "at the minimum for every operation" if not over else f"above it: {', '.join(over)}",
            not over,
        )
    )
    return section
