"""The report: machine, versions, goals, each benchmark's section, the profiles."""

from __future__ import annotations

import os
import platform
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from benchmarks._harness import Context, Section, table

_PACKAGES = ("sm-governance", "boto3", "botocore", "pydantic", "typer", "rich", "moto")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:  # pragma: no cover - not Linux
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:  # pragma: no cover - not Linux
        pass
    return "unknown"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_lines(ctx: Context, load_before: str, load_after: str) -> list[str]:
    """Machine and versions, as a Markdown list."""
    versions = ", ".join(f"{name} {_version(name)}" for name in _PACKAGES)
    sdk = ctx.sdk_version or ("not measured" if ctx.sdk_python is None else "unknown")
    return [
        f"- Machine: {_cpu_model()}, {os.cpu_count()} CPUs, {_memory()} RAM, "
        f"{platform.system()} {platform.release()}",
        f"- Load average (1, 5, 15 min) before: {load_before}; after: {load_after} "
        "(the machine is shared, so absolute times carry noise: compare the ratios, "
        "measured side by side)",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- {versions}",
        f"- SageMaker Python SDK (`.venv-sm2`): {sdk}",
    ]


def load_average() -> str:
    """The load averages now."""
    try:
        return ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover - not available
        return "unknown"


README_START = "<!-- benchmarks:start -->"
README_END = "<!-- benchmarks:end -->"


def readme_table(sections: list[Section]) -> list[str]:
    """The README's table of headline figures (the scan first: the product's main path)."""
    order = [
        "review queue",
        "AWS calls",
        "AWS commands",
        "`smgov",
        "build,",
        "list ",
        "registering",
    ]
    rows = [row for section in sections for row in section.headlines]
    rows.sort(key=lambda row: next((i for i, p in enumerate(order) if row[0].startswith(p)), 9))
    return table(["what", "sm-governance", "the alternative", "ratio (goal)"], rows)


def update_readme(readme: Path, sections: list[Section]) -> bool:
    """Replace the table between the README's benchmark markers; False if they are missing."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return False
    block = "\n".join([README_START, *readme_table(sections), README_END])
    readme.write_text(text[:start] + block + text[end + len(README_END) :], encoding="utf-8")
    return True


def render(
    ctx: Context, sections: list[Section], *, seconds: float, load_before: str, load_after: str
) -> str:
    """The whole report as Markdown."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mode = "smoke run (tiny sizes: the figures mean nothing)" if ctx.smoke else "full run"
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`python -m benchmarks`) on {now}, {mode}, "
        f"in {seconds:.0f} s. Every figure comes from this one run; times are medians of "
        "interleaved rounds. Targets are the goals of SPEC section 5, reported against, "
        "not asserted. The bytecode of `src/` is written first, as pip writes it when it "
        "installs the wheel, so no process of the run compiles source.",
        "",
        *machine_lines(ctx, load_before, load_after),
        "",
        "## Goals",
        "",
    ]
    rows = []
    for section in sections:
        for goal in section.goals:
            verdict = {True: "met", False: "**not met**", None: "not measured"}[goal.met]
            rows.append([goal.name, goal.target, goal.measured, verdict])
    lines += table(["goal", "target", "measured", "verdict"], rows)
    for section in sections:
        lines += ["", f"## {section.title}", "", *section.lines]
    if ctx.profiles:
        lines += [
            "",
            "## Where the time goes",
            "",
            "cProfile of the slowest paths of this run (standard library profiler, "
            "`strip_dirs`; cumulative seconds include callees, and profiling itself slows "
            "pure-Python code down, so read proportions rather than absolutes).",
        ]
        for title, body in ctx.profiles.items():
            lines += ["", f"### {title}", "", *body]
    return "\n".join(lines).rstrip() + "\n"
