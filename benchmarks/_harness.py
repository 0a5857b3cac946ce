"""Timing, child processes, medians and Markdown tables shared by the benchmarks."""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import threading
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


def run_child(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300.0,
) -> ChildRun:
    """Run a process to its end; time it and read its own peak RSS with ``wait4``.

    ``resource.getrusage(RUSAGE_CHILDREN)`` only gives the largest of all children so far;
    ``os.wait4`` gives this child's own figure (kibibytes on Linux).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=dict(env) if env is not None else None,
            cwd=cwd,
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            max_rss_kib=int(usage.ru_maxrss),
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
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


def profile_lines(call: Callable[[], Any], *, top: int = 15) -> list[str]:
    """Run ``call`` under cProfile; its top entries by cumulative and own time, as Markdown."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        call()
    finally:
        profiler.disable()
    lines: list[str] = []
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
