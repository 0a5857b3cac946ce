"""Memory: peak RSS of the CLI and of registering 1,000 versions.

The CLI's figures come from the cold-start runs (each command's own peak, from ``os.wait4``).
Registration runs :mod:`benchmarks._register` as a process against a loopback sandbox (served
by another process, so the server's memory is not counted): once with 10 versions and once with
1,000, so that the difference shows what each registered version keeps alive.
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks._harness import (
    ChildRun,
    Context,
    Goal,
    Section,
    fmt_mib,
    fmt_ms,
    profile_lines,
    run_child,
    table,
)
from benchmarks._sandbox import SandboxProcess, shared_sandbox


def _register(ctx: Context, sandbox: SandboxProcess, n: int) -> tuple[ChildRun, float]:
    sandbox.reset()
    child = run_child(
        [ctx.python, "-m", "benchmarks._register", str(n)],
        env=sandbox.environment(),
        cwd=ctx.root,
        timeout=600,
    )
    if child.returncode != 0:
        raise RuntimeError(f"registering {n} versions failed: {child.stderr[-500:]}")
    return child, float(json.loads(child.stdout)["seconds"])


def _register_here(sandbox: SandboxProcess, n: int) -> None:
    import boto3

    from benchmarks._cardspec import card_spec
    from benchmarks._ours_card import build_card
    from benchmarks._register import IMAGE
    from sm_governance.registry import ModelRegistry

    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    registry = ModelRegistry(client=session.client("sagemaker", endpoint_url=sandbox.endpoint_url))
    registry.ensure_group("profiled", datazone_project_id="benchproject01")
    spec = card_spec()
    for i in range(n):
        spec["model_overview"]["model_artifact"] = [f"s3://bench-models/profiled/v{i}.tar.gz"]
        registry.register(
            "profiled",
            build_card(spec),
            image_uri=IMAGE,
            model_data_url=f"s3://bench-models/profiled/v{i}.tar.gz",
        )


def run(ctx: Context) -> Section:
    """Measure and return the report section."""
    small, large = (2, 10) if ctx.smoke else (10, 1000)
    sandbox = shared_sandbox(ctx)
    ctx.say(f"memory: registering {small} then {large} versions in a process")
    runs = {n: _register(ctx, sandbox, n) for n in (small, large)}
    count = 5 if ctx.smoke else 50
    ctx.say(f"memory: profiling {count} registrations (this process, client side)")
    ctx.profiles[
        f"Registration: {count} versions with the full card (this process only; the "
        "server's time shows as waiting on the socket)"
    ] = profile_lines(lambda: _register_here(sandbox, count))
    section = Section("Memory")
    rows: list[list[Any]] = []
    for n, (child, seconds) in runs.items():
        rows.append(
            [
                f"register {n:,} versions (full card each)",
                fmt_mib(child.max_rss_kib),
                fmt_ms(seconds / n),
                f"{n / seconds:,.0f}",
            ]
        )
    growth_kib = (runs[large][0].max_rss_kib - runs[small][0].max_rss_kib) / (large - small)
    section.lines += [
        "Peak RSS of a process (`os.wait4`) that makes a `ModelRegistry`, one group, and "
        "registers versions with the benchmark card (every section, 50 metrics), built with "
        "the builders each time, against a loopback sandbox served by another process.",
        "",
    ]
    section.lines += table(["process", "peak RSS", "per registration", "registrations/s"], rows)
    kept = "nothing is kept per version" if growth_kib < 8 else "something is kept per version"
    section.lines += [
        "",
        f"Peak memory changes by {growth_kib:+,.1f} KiB per further version ({kept}).",
    ]
    if ctx.cli_rss:
        section.lines += ["", "The CLI's own peak RSS, from the cold-start runs (medians):", ""]
        section.lines += table(
            ["command", "peak RSS"],
            [[f"`{name}`", fmt_mib(kib)] for name, kib in ctx.cli_rss.items()],
        )
    largest = runs[large][0].max_rss_kib
    section.headlines.append(
        [
            f"registering {large:,} versions, each with that card",
            f"{fmt_mib(largest)} peak; {growth_kib:+,.1f} KiB per further version",
            "",
            "",
        ]
    )
    section.goals.append(
        Goal(
            f"Peak memory, registering {large:,} versions",
            "reported (no target); flat in the number of versions",
            f"{fmt_mib(largest)}; {growth_kib:+,.1f} KiB per further version",
            growth_kib < 8 if not ctx.smoke else None,
        )
    )
    return section
