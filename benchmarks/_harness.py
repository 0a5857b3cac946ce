"""Timing, child processes, medians and Markdown tables shared by the benchmarks."""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ChildRun",
    "Context",
    "Goal",
    "Section",
    "fmt_mib",
    "fmt_ms",
    "fmt_ratio",
    "fmt_seconds",
    "interleave",
    "median",
    "profile_lines",
    "run_child",
    "table",
]

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Goal:
    """One target of SPEC section 5 and what this run measured against it."""

    name: str
    target: str
    measured: str
    met: bool | None
    """``None`` when the run could not measure it (say why in ``measured``)."""


@dataclass
class Section:
    """A benchmark's part of the report."""

    title: str
    lines: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    headlines: list[list[str]] = field(default_factory=list)
    """Rows for the README's table: what, sm-governance, the alternative, ratio (goal)."""


@dataclass
class Context:
    """What every benchmark needs to know about this run."""

    smoke: bool
    root: Path = ROOT
    python: str = sys.executable
    sdk_python: Path | None = None
    """The SageMaker SDK v2 interpreter (``.venv-sm2``), when it exists."""
    sdk_version: str | None = None
    profiles: dict[str, list[str]] = field(default_factory=dict)
    """Profiles of the slow paths, by title, as Markdown lines."""
    cli_rss: dict[str, float] = field(default_factory=dict)
    """Median peak RSS (KiB) of each cold-start command, for the memory section."""
    started: float = field(default_factory=time.perf_counter)
    shared: dict[str, Any] = field(default_factory=dict)
    """Resources the benchmarks share (the sandbox process), closed by :meth:`close`."""

    def close(self) -> None:
        """Close the shared resources."""
        for resource in self.shared.values():
            resource.close()
        self.shared.clear()

    @property
    def bin(self) -> Path:
        """The directory of this interpreter's scripts (``smgov`` is there)."""
        return Path(self.python).parent

    def say(self, message: str) -> None:
        """Progress on standard error (the report is the result, not this)."""
        elapsed = time.perf_counter() - self.started
        sys.stderr.write(f"[{elapsed:6.1f}s] {message}\n")
        sys.stderr.flush()


@dataclass(frozen=True)
class ChildRun:
    """A finished child process: wall time, peak resident memory, exit status, output."""

    seconds: float
    cpu_seconds: float
    """User plus system CPU time: steadier than wall time on a shared machine."""
    max_rss_kib: int
    returncode: int
    stdout: str
    stderr: str


# A minimal launcher (no site, isolated) that spawns the command, waits for it with wait4 and
# writes "wall cpu maxrss exitcode" to the file named by its first argument. Peak RSS has to be
# read this way: Linux charges a child spawned with vfork (what subprocess and posix_spawn use)
# with the peak RSS of the process it was spawned from, so a child of this benchmark process
# (moto, pydantic and boto3 loaded) would show this process's peak, not its own.
_LAUNCHER = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
code = os.waitstatus_to_exitcode(status)
with open(report, "w") as out:
    out.write(f"{seconds} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {code}")
sys.exit(0)
"""


def run_child(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300.0,
) -> ChildRun:
    """Run a process to its end; its wall and CPU time and its own peak RSS (``wait4``).

    The process is spawned by a small launcher interpreter (see ``_LAUNCHER``), which times it
    from spawn to exit: the launcher's own start-up is not counted.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        report = Path(scratch) / "usage"
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report), *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )
        out.seek(0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"could not run {argv[0]}: {stderr[-500:]}")
        seconds, cpu, rss, code = report.read_text().split()
        return ChildRun(
            seconds=float(seconds),
            cpu_seconds=float(cpu),
            max_rss_kib=int(rss),
            returncode=int(code),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=stderr,
        )


def interleave(rounds: int, cases: Mapping[str, Callable[[], float]]) -> dict[str, list[float]]:
    """Run every case once a round, ``rounds`` times, rotating which goes first.

    Each case returns the seconds it measured, so it may leave its set-up out. Running the
    cases side by side, round after round, spreads the machine's noise over all of them.
    """
    names = list(cases)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(cases[name]())
    return times


def median(values: Sequence[float]) -> float:
    """The median (the statistic every figure of the report uses)."""
    return float(statistics.median(values))


def fmt_ms(seconds: float) -> str:
    """Seconds as milliseconds, three significant figures or more."""
    ms = seconds * 1000
    if ms >= 100:
        return f"{ms:,.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


def fmt_seconds(seconds: float) -> str:
    """Milliseconds below a second, seconds (three figures) above."""
    if seconds < 1:
        return fmt_ms(seconds)
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_ratio(ratio: float) -> str:
    """A ratio such as ``23.4x`` (or ``0.31x`` when slower)."""
    return f"{ratio:.1f}x" if ratio >= 1 else f"{ratio:.2f}x"


def fmt_mib(kib: float) -> str:
    """Kibibytes as mebibytes."""
    return f"{kib / 1024:.1f} MiB"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A Markdown table; numbers and text right- and left-aligned as they come."""

    def align(values: Sequence[Any]) -> str:
        numeric = all(isinstance(v, (int, float)) or _looks_numeric(str(v)) for v in values)
        return "---:" if numeric else "---"

    columns = list(zip(*rows, strict=True)) if rows else [() for _ in headers]
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(align(col) for col in columns) + "|",
    ]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return lines


def _looks_numeric(text: str) -> bool:
    head = text.replace(",", "").lstrip("~<>= ")
    return bool(head) and (head[0].isdigit() or head.startswith("."))


def _where(func: tuple[str, int, str]) -> str:
    """``file:line(function)``, or the built-in's name, as pstats prints it."""
    filename, line, name = func
    if filename == "~" and line == 0:
        return name
    return f"{filename}:{line}({name})"


def profile_lines(call: Callable[[], Any], *, top: int = 15) -> list[str]:
    """Run ``call`` under cProfile; its top entries by cumulative and own time, as Markdown."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        call()
    finally:
        profiler.disable()
    summary = pstats.Stats(profiler).strip_dirs()
    total = max(float(getattr(summary, "total_tt", 0.0)), 1e-9)
    raw: dict[Any, Any] = getattr(summary, "stats", {})
    heaviest = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:5]
    lines: list[str] = [
        "Own time, as a share of the whole: "
        + "; ".join(f"{own[2] / total:.0%} `{_where(func)}`" for func, own in heaviest)
        + ".",
        "",
    ]
    for order, title in (("cumulative", "cumulative time"), ("tottime", "own time")):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        body = [
            line.rstrip()
            for line in buffer.getvalue().splitlines()
            if line.strip() and not line.lstrip().startswith(("Ordered by", "List reduced"))
        ]
        lines += [f"Top {top} by {title}:", "", "```text", *body, "```", ""]
    return lines
