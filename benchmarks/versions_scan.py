"""Listing one group's versions, 250 to 2,000 of them: ``ModelRegistry.versions()``.

Each size gets a fresh local SageMaker (reset, then one group of N versions seeded in the
sandbox process) so that the curve shows the cost per version as a group grows, not the
account's other content. ``versions()`` pages by 100 (``ceil(N/100)`` calls); each run makes
a fresh boto3 session and client, as a new process would.
"""

from __future__ import annotations

from time import perf_counter
from typing import Any

from benchmarks._harness import Context, Goal, Section, fmt_ms, fmt_ratio, interleave, median, table
from benchmarks._sandbox import FAKE, shared_sandbox

FULL = (250, 500, 1000, 2000)
SMOKE = (20, 40)
ROUNDS = 7
GROWTH_LIMIT = 1.5
"""The time per version at the largest size may be at most this much the time per version at
the size before it (half as many): flat per version is 1x or less (the fixed cost of a client
spreads thinner), work that grows with the group's size shows as 2x."""


def _list(endpoint_url: str, group: str, calls: list[int]) -> int:
    import boto3

    from sm_governance.registry import ModelRegistry

    session = boto3.Session(
        aws_access_key_id=FAKE["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE["AWS_SECRET_ACCESS_KEY"],
        region_name=FAKE["AWS_DEFAULT_REGION"],
    )
    counter = [0]

    def count(**_: Any) -> None:
        counter[0] += 1

    session.events.register("before-call.*.*", count)
    client = session.client("sagemaker", endpoint_url=endpoint_url)
    registry = ModelRegistry(client=client)
    found = sum(1 for _ in registry.versions(group))
    calls.append(counter[0])
    return found


def run(ctx: Context) -> Section:
    """Measure the curve and return the report section."""
    sizes = SMOKE if ctx.smoke else FULL
    rounds = 1 if ctx.smoke else ROUNDS
    sandbox = shared_sandbox(ctx)
    points: list[tuple[int, float, int]] = []
    for size in sizes:
        sandbox.reset()
        ctx.say(f"versions: seeding one group of {size} versions")
        sandbox.seed(groups=1, versions=size, pending_every=10, prefix=f"versions{size}")
        group = f"versions{size}-0000"
        calls: list[int] = []
        _list(sandbox.endpoint_url, group, calls)  # botocore's first loads, not timed

        def once(size: int = size, group: str = group, calls: list[int] = calls) -> float:
            began = perf_counter()
            found = _list(sandbox.endpoint_url, group, calls)
            if found != size:
                raise RuntimeError(f"versions() listed {found} versions, not {size}")
            return perf_counter() - began

        seconds = median(interleave(rounds, {"list": once})["list"])
        points.append((size, seconds, calls[-1]))
        ctx.say(f"  {size} versions: {seconds:.2f} s, {calls[-1]} calls")
    section = Section("Listing versions")
    section.lines += [
        "`ModelRegistry.versions(group)` over one group of 250 to 2,000 versions (every "
        "version carries a model card), against the loopback sandbox in another process; "
        f"a fresh client each run; medians of {rounds} runs.",
        "",
    ]
    section.lines += table(
        ["versions", "time", "per version", "calls"],
        [[f"{n:,}", fmt_ms(s), fmt_ms(s / n), c] for n, s, c in points],
    )
    if len(points) >= 2:
        (before_n, before_s, _), (last_n, last_s, _) = points[-2], points[-1]
        growth = (last_s / last_n) / (before_s / before_n)
        measured = (
            f"per version {fmt_ms(before_s / before_n)} at {before_n:,}, "
            f"{fmt_ms(last_s / last_n)} at {last_n:,}"
        )
        section.lines += [
            "",
            f"{measured} ({fmt_ratio(growth)}). Calls are `ceil(versions/100)`; what grows "
            "beyond that is the local server's work per page. The first sizes carry the fixed "
            "cost of a fresh client, so the last two are compared.",
        ]
        section.goals.append(
            Goal(
                "Listing versions growth",
                f"flat per version (at most {GROWTH_LIMIT}x from {before_n:,} to {last_n:,})",
                f"{measured} ({fmt_ratio(growth)})",
                growth <= GROWTH_LIMIT,
            )
        )
        last = points[-1]
        section.headlines.append(
            [
                f"list {last[0]:,} versions of a group, local sandbox",
                f"{fmt_ms(last[1])}, {last[2]} calls",
                f"{points[0][0]:,} versions: {fmt_ms(points[0][1])}",
                f"{fmt_ratio(growth)} time per version from {points[-2][0]:,}",
            ]
        )
    return section
