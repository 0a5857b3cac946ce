"""Review scan: what waits for a decision across 10 to 1,000 groups, versus a naive script.

Ours is ``ApprovalDesk.pending()`` with no group named (``smgov pending`` calls it): one
account-wide ``ListModelPackages`` page per 100 waiting versions (filtered on
``PendingManualApproval`` and ``ModelPackageType=Versioned``), however many groups there are.
The naive script is what people write first: list every group, list every package of each,
describe each one and keep those waiting, one call after another.

The sandbox runs in its own process (the server's work does not share this interpreter's lock)
and is seeded in that process (see :mod:`benchmarks._server`). Every version carries a small
model card, so a describe answers what it answers in production. The 1,000-group size has 4
versions a group instead of 40 so that seeding stays within a minute or two.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from benchmarks._harness import (
    Context,
    Goal,
    Section,
    fmt_ms,
    fmt_ratio,
    fmt_seconds,
    interleave,
    median,
    profile_lines,
    run_child,
    table,
)
from benchmarks._sandbox import FAKE, SandboxProcess, shared_sandbox

GOAL = 10.0


@dataclass(frozen=True)
class Size:
    """One point of the curve."""

    groups: int
    versions: int
    pending_every: int
    rounds: int
    naive_rounds: int


FULL = (
    Size(10, 40, 10, rounds=5, naive_rounds=3),
    Size(100, 40, 10, rounds=5, naive_rounds=2),
    Size(1000, 4, 4, rounds=3, naive_rounds=1),
)
"""The naive script needs half a minute or more a run at 100 and 1,000 groups: fewer rounds."""
PROFILED = 1
"""The size (index) whose scan is profiled: the middle one, 100 groups, 40 versions each."""
SMOKE = (Size(3, 4, 2, rounds=1, naive_rounds=1),)


def _session() -> Any:
    import boto3

    return boto3.Session(
        aws_access_key_id=FAKE["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE["AWS_SECRET_ACCESS_KEY"],
        region_name=FAKE["AWS_DEFAULT_REGION"],
    )


class _Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, **_: Any) -> None:
        self.calls += 1


def ours(endpoint_url: str, counter: _Counter, *, max_workers: int = 8) -> list[str]:
    """The review queue with sm-governance (a fresh desk and client, as a new process has)."""
    from sm_governance.approval import ApprovalDesk

    session = _session()
    session.events.register("before-call.*.*", counter)
    desk = ApprovalDesk(session=session, endpoint_url=endpoint_url)
    return [row.arn for row in desk.pending(None, max_workers=max_workers)]


def sequential(endpoint_url: str) -> int:
    """The scan in this thread, to profile the client's share of it (no worker threads)."""
    from sm_governance.approval import ApprovalDesk
    from sm_governance.approval._pending import scan_pending

    client = ApprovalDesk(session=_session(), endpoint_url=endpoint_url).client
    return len(scan_pending(client))


def naive(endpoint_url: str, counter: _Counter) -> list[str]:
    """The review queue as a first script does it: describe every package."""
    session = _session()
    session.events.register("before-call.*.*", counter)
    sm = session.client("sagemaker", endpoint_url=endpoint_url)
    waiting: list[str] = []
    for page in sm.get_paginator("list_model_package_groups").paginate():
        for group in page["ModelPackageGroupSummaryList"]:
            listing = sm.get_paginator("list_model_packages").paginate(
                ModelPackageGroupName=group["ModelPackageGroupName"]
            )
            for packages in listing:
                for summary in packages["ModelPackageSummaryList"]:
                    described = sm.describe_model_package(
                        ModelPackageName=summary["ModelPackageArn"]
                    )
                    if described["ModelApprovalStatus"] == "PendingManualApproval":
                        waiting.append(described["ModelPackageArn"])
    return waiting


@dataclass
class _Point:
    size: Size
    pending: int
    seed_seconds: float
    ours: list[float]
    naive: list[float]
    cli: list[float]
    ours_calls: int
    naive_calls: int


def _measure(ctx: Context, sandbox: SandboxProcess, size: Size) -> _Point:
    sandbox.reset()
    ctx.say(f"review scan: seeding {size.groups} groups x {size.versions} versions")
    started = perf_counter()
    pending = sandbox.seed(
        groups=size.groups,
        versions=size.versions,
        pending_every=size.pending_every,
        prefix="scan",
    )
    seed_seconds = perf_counter() - started
    url = sandbox.endpoint_url
    counts = {"ours": 0, "naive": 0}
    cli_env = sandbox.environment()
    smgov = str(ctx.bin / "smgov")

    def timed(name: str, scan: Any) -> float:
        counter = _Counter()
        began = perf_counter()
        found = scan(url, counter)
        seconds = perf_counter() - began
        if len(set(found)) != pending:
            raise RuntimeError(f"{name} found {len(set(found))} waiting versions, not {pending}")
        counts[name] = counter.calls
        ctx.say(f"  {name}: {seconds:.2f} s, {counter.calls:,} calls")
        return seconds

    def cli() -> float:
        child = run_child([smgov, "--output", "json", "pending", "--all-groups"], env=cli_env)
        if child.returncode != 0 or child.stdout.count('"arn"') != pending:
            raise RuntimeError(f"smgov pending failed ({child.returncode}): {child.stderr[-300:]}")
        ctx.say(f"  smgov pending --all-groups: {child.seconds:.2f} s")
        return child.seconds

    ctx.say(
        f"review scan: {size.groups} groups, {size.rounds} rounds "
        f"({size.naive_rounds} with the naive script and the CLI)"
    )
    cases = {
        "ours": lambda: timed("ours", ours),
        "naive": lambda: timed("naive", naive),
        "cli": cli,
    }
    times = interleave(size.naive_rounds, cases)
    extra = interleave(size.rounds - size.naive_rounds, {"ours": cases["ours"]})
    return _Point(
        size=size,
        pending=pending,
        seed_seconds=seed_seconds,
        ours=times["ours"] + extra["ours"],
        naive=times["naive"],
        cli=times["cli"],
        ours_calls=counts["ours"],
        naive_calls=counts["naive"],
    )


def run(ctx: Context) -> Section:
    """Measure the curve and return the report section."""
    sizes = SMOKE if ctx.smoke else FULL
    points: list[_Point] = []
    sandbox = shared_sandbox(ctx)
    # imports and botocore's first loads happen once, before anything is timed
    ours(sandbox.endpoint_url, _Counter())
    naive(sandbox.endpoint_url, _Counter())
    for index, size in enumerate(sizes):
        points.append(_measure(ctx, sandbox, size))
        if index == PROFILED:
            ctx.say(f"review scan: profiling the scan of {size.groups} groups in one thread")
            title = (
                f"Review scan: the scan's work for {size.groups} groups, in one thread "
                "(this process only; the server's time shows as waiting on the socket)"
            )
            ctx.profiles[title] = profile_lines(lambda: sequential(sandbox.endpoint_url))

    rows: list[list[Any]] = []
    for p in points:
        o, n = median(p.ours), median(p.naive)
        rows.append(
            [
                f"{p.size.groups:,}",
                p.size.versions,
                f"{p.size.groups * p.size.versions:,}",
                f"{p.pending:,}",
                fmt_ms(o),
                fmt_ms(o / p.size.groups),
                f"{p.ours_calls:,}",
                fmt_ms(n),
                fmt_ms(n / p.size.groups),
                f"{p.naive_calls:,}",
                f"**{fmt_ratio(n / o)}**",
                fmt_ms(median(p.cli)),
                f"{p.seed_seconds:.0f} s",
            ]
        )
    section = Section("Review scan")
    section.lines += [
        "`ApprovalDesk.pending()` over the whole account (what `smgov pending` runs: "
        "summaries only, `ceil(waiting/100)` calls) versus a naive script that lists every "
        "group and package and describes each package, one call after the other. Both run in this "
        "process against a loopback sandbox served by another process; each run makes a "
        "fresh boto3 session and client. Every version carries a model card. "
        "`smgov pending --all-groups --output json` is the same scan as a process, start-up "
        "included. Medians of interleaved rounds: our scan runs "
        f"{', '.join(str(z.rounds) for z in sizes)} times at each size, the naive script and "
        f"the CLI {', '.join(str(z.naive_rounds) for z in sizes)} times (the naive script "
        "needs half a minute or more a run at 100 and 1,000 groups; the gap between the two "
        "is far wider than the run-to-run noise).",
        "",
    ]
    section.lines += table(
        [
            "groups",
            "versions/group",
            "versions",
            "waiting",
            "ours",
            "ours per group",
            "ours calls",
            "naive",
            "naive per group",
            "naive calls",
            "speed-up",
            "smgov process",
            "seeding",
        ],
        rows,
    )
    by_groups = {p.size.groups: p for p in points}
    mid = by_groups.get(100)
    if mid is not None:
        ratio = median(mid.naive) / median(mid.ours)
        section.headlines.append(
            [
                f"review queue, 100 groups of {mid.size.versions} versions, local sandbox",
                f"{fmt_seconds(median(mid.ours))}, {mid.ours_calls:,} calls",
                "a script describing every package: "
                f"{fmt_seconds(median(mid.naive))}, {mid.naive_calls:,} calls",
                f"**{fmt_ratio(ratio)}** ({GOAL:.0f}x)",
            ]
        )
        section.goals.append(
            Goal(
                "Review scan vs naive, 100 groups",
                f">= {GOAL:.0f}x",
                fmt_ratio(ratio),
                ratio >= GOAL,
            )
        )
    first, last = points[0], points[-1]
    slopes = [
        (a, b, (median(b.ours) - median(a.ours)) / (b.size.groups - a.size.groups))
        for a, b in itertools.pairwise(points)
    ]
    section.lines += [
        "",
        "Growth: a scan pays a fixed cost (a boto3 client) and then one account-wide "
        "`ListModelPackages` page per 100 waiting versions; the groups are never listed. "
        "Each further group costs "
        + (
            "; ".join(
                f"{fmt_ms(slope)} from {a.size.groups:,} to {b.size.groups:,} groups"
                for a, b, slope in slopes
            )
            or "(one size only)"
        )
        + ", which is the local server's share: its `ListModelPackages` filters the "
        "account's packages on each page, so its work grows with the number of versions "
        "held; SageMaker itself filters in its index. Calls are `ceil(waiting/100)`. The "
        "naive script describes every package, so its cost grows with every version.",
    ]
    if slopes and not ctx.smoke:
        growth = slopes[-1][2] / slopes[0][2]
        section.headlines.append(
            [
                f"review queue, {last.size.groups:,} groups of {last.size.versions} versions",
                f"{fmt_seconds(median(last.ours))}, {last.ours_calls:,} calls; "
                f"{fmt_ms(slopes[-1][2])} each further group",
                f"{fmt_seconds(median(last.naive))}, {last.naive_calls:,} calls",
                fmt_ratio(median(last.naive) / median(last.ours)),
            ]
        )
        section.goals.append(
            Goal(
                "Review scan growth",
                f"close to linear ({first.size.groups:,} to {last.size.groups:,} groups)",
                "each further group: "
                + " then ".join(fmt_ms(slope) for _, _, slope in slopes)
                + f" ({fmt_ratio(growth)})",
                growth <= 1.5,
            )
        )
    return section
