"""The local SageMaker's own scaling: listing costs per item, whatever the account holds.

Three curves, measured against the sandbox served by another process (:mod:`benchmarks._server`):

* ``ModelRegistry.versions()`` over one group of 250 to 2,000 versions: the time per version
  should stay flat (pages come from the per-group index, each page reads only what it returns);
* one ``ListModelPackages`` page of one group, in accounts of 10 to 1,000 groups: the time per
  call should not grow with the account (no scan of the account per page);
* the same calls on one kept-alive connection versus a new connection per call (the client
  sends ``Connection: close``), side by side.

Run alone with ``python -m benchmarks.local_sagemaker [--smoke]``.
"""

from __future__ import annotations

import functools
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from benchmarks._harness import Context, Goal, Section, fmt_ms, fmt_ratio, interleave, median, table
from benchmarks._sandbox import FAKE, SandboxProcess, shared_sandbox

FLAT = 1.25
"""The most a per-item cost may grow across a curve and still count as flat."""


@dataclass(frozen=True)
class Sizes:
    """The points of the curves."""

    versions: tuple[int, ...]
    groups: tuple[int, ...]
    rounds: int
    calls: int


FULL = Sizes(versions=(250, 500, 1000, 2000), groups=(10, 100, 1000), rounds=15, calls=20)
SMOKE = Sizes(versions=(10, 20), groups=(3, 6), rounds=1, calls=5)


def _client(endpoint_url: str, *, close: bool = False) -> Any:
    import boto3

    session = boto3.Session(
        aws_access_key_id=FAKE["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE["AWS_SECRET_ACCESS_KEY"],
        region_name=FAKE["AWS_DEFAULT_REGION"],
    )
    client = session.client("sagemaker", endpoint_url=endpoint_url)
    if close:

        def no_keep_alive(request: Any, **_: Any) -> None:
            request.headers["Connection"] = "close"

        client.meta.events.register("before-send.sagemaker.*", no_keep_alive)
    return client


def _versions_curve(ctx: Context, sandbox: SandboxProcess, sizes: Sizes) -> list[tuple[int, float]]:
    """Per size, the time to list a group of that many versions; all groups in one account.

    Every group is seeded first, then the sizes are measured round after round, side by
    side, so that the machine's noise falls on every size alike.
    """
    from sm_governance.registry import ModelRegistry

    sandbox.reset()
    for count in sizes.versions:
        ctx.say(f"local sagemaker: a group of {count:,} versions")
        sandbox.seed(groups=1, versions=count, pending_every=10, prefix=f"versions{count}")
    registry = ModelRegistry(client=_client(sandbox.endpoint_url))

    def listed(count: int) -> float:
        began = perf_counter()
        found = sum(1 for _ in registry.versions(f"versions{count}-0000"))
        seconds = perf_counter() - began
        if found != count:
            raise RuntimeError(f"versions() listed {found} versions, not {count}")
        return seconds

    cases: dict[str, Callable[[], float]] = {
        str(count): functools.partial(listed, count) for count in sizes.versions
    }
    for case in cases.values():
        case()  # the first pages load botocore's models; not timed
    times = interleave(sizes.rounds, cases)
    return [(count, median(times[str(count)])) for count in sizes.versions]


def _groups_curve(ctx: Context, sizes: Sizes) -> list[tuple[int, float]]:
    """Per account size, the time of one group's page; every size its own sandbox process.

    The accounts are served side by side (one sandbox process each) and measured round after
    round in turn, so that the machine's noise falls on every size alike.
    """
    sandboxes: dict[int, SandboxProcess] = {}
    try:
        for count in sizes.groups:
            ctx.say(f"local sagemaker: an account of {count:,} groups of 4 versions")
            sandboxes[count] = SandboxProcess(ctx)
            sandboxes[count].seed(groups=count, versions=4, pending_every=4, prefix="groups")

        def pages(count: int, client: Any) -> float:
            picks = random.Random(count).choices(range(count), k=sizes.calls)
            began = perf_counter()
            for g in picks:
                answer = client.list_model_packages(
                    ModelPackageGroupName=f"groups-{g:04d}",
                    ModelApprovalStatus="PendingManualApproval",
                )
                if len(answer["ModelPackageSummaryList"]) != 1:
                    raise RuntimeError("each group has exactly one version waiting")
            return (perf_counter() - began) / len(picks)

        cases: dict[str, Callable[[], float]] = {
            str(count): functools.partial(pages, count, _client(sandbox.endpoint_url))
            for count, sandbox in sandboxes.items()
        }
        for case in cases.values():
            case()
        times = interleave(sizes.rounds, cases)
    finally:
        for sandbox in sandboxes.values():
            sandbox.close()
    return [(count, median(times[str(count)])) for count in sizes.groups]


def _keep_alive(ctx: Context, sandbox: SandboxProcess, sizes: Sizes) -> tuple[float, float]:
    sandbox.reset()
    sandbox.seed(groups=1, versions=1, pending_every=1, prefix="alive")
    ctx.say("local sagemaker: one connection versus one connection per call")
    clients = {
        "kept": _client(sandbox.endpoint_url),
        "new": _client(sandbox.endpoint_url, close=True),
    }

    def calls(name: str) -> float:
        client = clients[name]
        began = perf_counter()
        for _ in range(sizes.calls):
            client.describe_model_package_group(ModelPackageGroupName="alive-0000")
        return (perf_counter() - began) / sizes.calls

    for name in clients:
        calls(name)
    cases: dict[str, Callable[[], float]] = {
        name: functools.partial(calls, name) for name in clients
    }
    times = interleave(sizes.rounds, cases)
    return median(times["kept"]), median(times["new"])


def run(ctx: Context) -> Section:
    """Measure the three curves and return the report section."""
    sizes = SMOKE if ctx.smoke else FULL
    sandbox = shared_sandbox(ctx)
    versions = _versions_curve(ctx, sandbox, sizes)
    groups = _groups_curve(ctx, sizes)
    kept, new = _keep_alive(ctx, sandbox, sizes)

    section = Section("Local SageMaker scaling")
    section.lines += [
        "How the local SageMaker's listing costs grow, measured in this process against the "
        "sandbox served by another process (seeded in that process, every version with a "
        f"small model card). Medians of {sizes.rounds} rounds. A curve is flat when its "
        f"per-item cost grows by at most {FLAT}x from the first point to the last.",
        "",
        "`ModelRegistry.versions()` over one group (pages of 100), the groups of every size "
        "in one account and measured side by side:",
        "",
    ]
    first = versions[0][1] / versions[0][0]
    rows = [
        [f"{n:,}", fmt_ms(t), f"{t / n * 1e6:.0f} µs", fmt_ratio((t / n) / first)]
        for n, t in versions
    ]
    section.lines += table(["versions", "versions()", "per version", "per version vs first"], rows)
    (n1, t1), (n2, t2) = versions[-2], versions[-1]
    last_doubling = t2 / t1
    per_item = (t2 / n2) / first
    section.lines += [
        "",
        f"The last doubling ({n1:,} to {n2:,} versions) takes {fmt_ratio(last_doubling)} the "
        "time (2.0x is linear).",
        "",
        "One `ListModelPackages` page of one group (filtered on `PendingManualApproval`), "
        f"{sizes.calls} calls on random groups a round, in accounts of growing size (4 versions "
        "a group), each account served by its own sandbox process, measured side by side:",
        "",
    ]
    rows = [[f"{g:,}", f"{g * 4:,}", fmt_ms(t), fmt_ratio(t / groups[0][1])] for g, t in groups]
    section.lines += table(["groups", "versions in the account", "per call", "vs first"], rows)
    per_call = groups[-1][1] / groups[0][1]
    section.lines += [
        "",
        f"`DescribeModelPackageGroup`, {sizes.calls} calls: {fmt_ms(kept)} a call on one "
        f"kept-alive connection, {fmt_ms(new)} with a new connection per call "
        f"({fmt_ratio(new / kept)}).",
    ]
    section.goals += [
        Goal(
            f"versions() per version, {versions[0][0]:,} to {versions[-1][0]:,} versions",
            f"flat (<= {FLAT}x)",
            fmt_ratio(per_item),
            per_item <= FLAT,
        ),
        Goal(
            f"one group's page, {groups[0][0]:,} to {groups[-1][0]:,} groups",
            f"flat (<= {FLAT}x)",
            fmt_ratio(per_call),
            per_call <= FLAT,
        ),
    ]
    return section


def main(argv: list[str]) -> int:
    """Run this benchmark alone and print its section."""
    ctx = Context(smoke="--smoke" in argv)
    try:
        section = run(ctx)
    finally:
        ctx.close()
    for goal in section.goals:
        sys.stdout.write(f"{goal.name}: {goal.measured} (target {goal.target})\n")
    sys.stdout.write("\n".join(section.lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
