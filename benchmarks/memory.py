"""Memory: peak RSS of the CLI and of registering 1,000 versions.

The CLI's figures come from the cold-start runs (each command's own peak, from ``os.wait4``).
Registration runs :mod:`benchmarks._register` as a process against a loopback sandbox (served
by another process, so the server's memory is not counted): once with 10 versions and once with
1,000, so that the difference shows what each registered version keeps alive.
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks._harness import ChildRun, Context, Goal, Section, fmt_mib, fmt_ms, run_child, table
from benchmarks._sandbox import SandboxProcess


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


def run(ctx: Context) -> Section:
    """Measure and return the report section."""
    small, large = (2, 10) if ctx.smoke else (10, 1000)
    with SandboxProcess(ctx) as sandbox:
        ctx.say(f"memory: registering {small} then {large} versions in a process")
        runs = {n: _register(ctx, sandbox, n) for n in (small, large)}
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
        f"Each further version costs {growth_kib:,.1f} KiB of peak memory ({kept}).",
    ]
    if ctx.cli_rss:
        section.lines += ["", "The CLI's own peak RSS, from the cold-start runs (medians):", ""]
        section.lines += table(
            ["command", "peak RSS"],
            [[f"`{name}`", fmt_mib(kib)] for name, kib in ctx.cli_rss.items()],
        )
    largest = runs[large][0].max_rss_kib
    section.goals.append(
        Goal(
            f"Peak memory, registering {large:,} versions",
            "reported (no target); flat in the number of versions",
            f"{fmt_mib(largest)}, {growth_kib:,.1f} KiB more per version",
            growth_kib < 8 if not ctx.smoke else None,
        )
    )
    return section
