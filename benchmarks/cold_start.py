"""Cold start: ``smgov`` commands versus ``python -c "import sagemaker"`` (SDK v2).

Each command is a fresh process (interpreter start-up included), timed from spawn to exit;
its own peak RSS comes from ``os.wait4``. ``smgov pending`` scans a small loopback sandbox
(5 groups of 4 versions, in another process). ``python -c pass`` is the interpreter's own
floor, for scale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks._harness import (
    ChildRun,
    Context,
    Goal,
    Section,
    fmt_mib,
    fmt_ms,
    fmt_ratio,
    fmt_seconds,
    interleave,
    median,
    run_child,
    table,
)
from benchmarks._sandbox import clean_environment, shared_sandbox

GOAL = 20.0
IMPORT_SAGEMAKER = 'python -c "import sagemaker" (SDK v2)'


def import_profile(ctx: Context, argv: list[str], env: dict[str, str]) -> list[str]:
    """The slowest imports of a command, from ``-X importtime``, as Markdown."""
    child = run_child(argv, env=env, cwd=ctx.root)
    found: list[tuple[int, int, int, str]] = []
    total = 0
    for line in child.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|")
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        if depth == 0:
            total += int(cumulative)
        if depth <= 3:
            found.append((int(cumulative), int(own), depth, name.strip()))
    found.sort(reverse=True)
    rows = [
        [f"`{name}`", depth, f"{cum / 1000:.1f} ms", f"{own / 1000:.1f} ms"]
        for cum, own, depth, name in found[:15]
    ]
    return [
        f"All imports take {total / 1000:.0f} ms of this run (one run, so noisy; the "
        "interpreter's own start-up imports included). The slowest, down to three levels "
        "of nesting (depth 0 is imported by the command itself):",
        "",
        *table(["module", "depth", "with what it imports", "itself"], rows),
        "",
    ]


def run(ctx: Context) -> Section:
    """Measure every command, interleaved, and return the report section."""
    rounds = 1 if ctx.smoke else 7
    smgov = str(ctx.bin / "smgov")
    quiet = {**clean_environment(), "COLUMNS": "100"}
    runs: dict[str, list[ChildRun]] = {}
    sandbox = shared_sandbox(ctx)
    sandbox.seed(groups=5, versions=4, pending_every=2, prefix="cold")
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "smgov --help": ([smgov, "--help"], quiet),
        "smgov --version": ([smgov, "--version"], quiet),
        "smgov pending (sandbox, 5 groups)": ([smgov, "pending"], sandbox.environment()),
        "python -c pass (interpreter floor)": ([ctx.python, "-c", "pass"], quiet),
    }
    if ctx.sdk_python is not None and not ctx.smoke:
        sdk_env = {**quiet, "SAGEMAKER_SUPPRESS_V2_WARNING": "1"}
        commands[IMPORT_SAGEMAKER] = ([str(ctx.sdk_python), "-c", "import sagemaker"], sdk_env)

    def case(name: str, argv: list[str], env: dict[str, str]) -> Callable[[], float]:
        def once() -> float:
            child = run_child(argv, env=env, cwd=ctx.root)
            if child.returncode != 0:
                raise RuntimeError(f"{name} exited {child.returncode}: {child.stderr[-500:]}")
            if name.startswith("smgov pending") and "cold-0000" not in child.stdout:
                raise RuntimeError(f"{name} did not list the sandbox's versions")
            runs.setdefault(name, []).append(child)
            return child.seconds

        return once

    ctx.say(f"cold start: {rounds} interleaved rounds of {len(commands)} commands")
    interleave(rounds, {name: case(name, *spec) for name, spec in commands.items()})

    ctx.say("cold start: import times of smgov --help")
    ctx.profiles["Cold start: what `smgov --help` imports (`python -X importtime`)"] = (
        import_profile(ctx, [str(ctx.python), "-X", "importtime", smgov, "--help"], quiet)
    )

    def med(name: str, attr: str) -> float:
        return median([getattr(c, attr) for c in runs[name]])

    has_base = IMPORT_SAGEMAKER in runs
    rows: list[list[Any]] = []
    for name in runs:
        wall, cpu = med(name, "seconds"), med(name, "cpu_seconds")
        versus = ""
        if has_base and name != IMPORT_SAGEMAKER:
            versus = (
                f"{fmt_ratio(med(IMPORT_SAGEMAKER, 'seconds') / wall)} wall, "
                f"{fmt_ratio(med(IMPORT_SAGEMAKER, 'cpu_seconds') / cpu)} CPU"
            )
        rows.append(
            [f"`{name}`", fmt_ms(wall), fmt_ms(cpu), fmt_mib(med(name, "max_rss_kib")), versus]
        )
    section = Section("Cold start")
    section.lines += [
        "A fresh process per run, from spawn to exit, interpreter start-up included. Wall "
        "time is what a user waits; CPU time (user + system) is the process's own work and "
        "varies less on a shared machine. Peak RSS is the process's own (`os.wait4`). "
        f"{rounds} interleaved rounds, medians. `smgov pending` scans a loopback sandbox of "
        "5 groups served by another process (its wall time includes the server's work).",
        "",
    ]
    section.lines += table(
        ["command", "wall (median)", "CPU (median)", "peak RSS (median)", "vs import sagemaker"],
        rows,
    )
    goal = "`smgov --help` vs `import sagemaker`"
    if has_base:
        ratio = med(IMPORT_SAGEMAKER, "seconds") / med("smgov --help", "seconds")
        section.headlines.append(
            [
                "`smgov --help`, fresh process",
                f"{fmt_seconds(med('smgov --help', 'seconds'))}, "
                f"{fmt_mib(med('smgov --help', 'max_rss_kib'))}",
                '`python -c "import sagemaker"` (SDK v2): '
                f"{fmt_seconds(med(IMPORT_SAGEMAKER, 'seconds'))}, "
                f"{fmt_mib(med(IMPORT_SAGEMAKER, 'max_rss_kib'))}",
                f"{fmt_ratio(ratio)} ({GOAL:.0f}x)",
            ]
        )
        cpu_ratio = med(IMPORT_SAGEMAKER, "cpu_seconds") / med("smgov --help", "cpu_seconds")
        section.goals.append(
            Goal(
                goal,
                f">= {GOAL:.0f}x",
                f"{fmt_ratio(ratio)} wall ({fmt_ratio(cpu_ratio)} CPU)",
                ratio >= GOAL,
            )
        )
    else:
        why = "smoke run" if ctx.smoke else "no .venv-sm2"
        section.lines += ["", f"`import sagemaker` not measured ({why})."]
        section.goals.append(Goal(goal, f">= {GOAL:.0f}x", f"n/a ({why})", None))
    ctx.cli_rss = {
        name: median([c.max_rss_kib for c in children]) for name, children in runs.items()
    }
    return section
