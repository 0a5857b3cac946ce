"""``python -m benchmarks [--smoke] [--only NAME ...] [--output PATH]``."""

from __future__ import annotations

import argparse
import compileall
import sys
import time
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from benchmarks._harness import ROOT, Context, Section
from benchmarks._report import load_average, render, update_readme

BENCHMARKS = (
    "aws_calls",
    "card_throughput",
    "cold_start",
    "commands",
    "service_model",
    "review_scan",
    "versions_scan",
    "memory",
)
"""Run in this order: cheap and deterministic first, the long scaling curve last but one."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run the sm-governance benchmarks and write the results as Markdown.",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: checks that every benchmark runs"
    )
    parser.add_argument(
        "--only", nargs="+", choices=BENCHMARKS, metavar="NAME", help=f"among {BENCHMARKS}"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the report (default: benchmarks/RESULTS.md for a full run, "
        "nowhere for --smoke)",
    )
    parser.add_argument(
        "--sdk-python",
        type=Path,
        default=ROOT / ".venv-sm2" / "bin" / "python",
        help="the SageMaker SDK v2 interpreter (default: .venv-sm2/bin/python)",
    )
    return parser


def _compile_product(ctx: Context) -> None:
    """Write the bytecode of ``src/`` as an installed wheel has it.

    pip compiles a package when it installs it; an editable install leaves that to the first
    import, which writes nothing when ``PYTHONDONTWRITEBYTECODE`` is set. Without this, every
    ``smgov`` process of the run would compile its source again, while boto3 and the SDK,
    installed from wheels, load theirs: the comparison would be unfair.
    """
    if not compileall.compile_dir(ROOT / "src", quiet=1):
        raise SystemExit("benchmarks: src/ does not compile")
    ctx.say("bytecode of src/ written (as pip writes it when it installs a wheel)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; returns the exit status."""
    args = _parser().parse_args(argv)
    ctx = Context(
        smoke=args.smoke,
        sdk_python=args.sdk_python if args.sdk_python.exists() else None,
    )
    if ctx.sdk_python is None:
        ctx.say(f"no SageMaker SDK v2 interpreter at {args.sdk_python}: SDK comparisons skipped")
    output: Path | None = args.output
    if output is None and not args.smoke:
        output = ROOT / "benchmarks" / "RESULTS.md"
    _compile_product(ctx)
    load_before = load_average()
    started = time.perf_counter()
    sections: list[Section] = []
    try:
        for name in args.only or BENCHMARKS:
            run: Callable[[Context], Section] = import_module(f"benchmarks.{name}").run
            sections.append(run(ctx))
    finally:
        ctx.close()
    seconds = time.perf_counter() - started
    report = render(
        ctx, sections, seconds=seconds, load_before=load_before, load_after=load_average()
    )
    if output is not None:
        output.write_text(report, encoding="utf-8")
        ctx.say(f"wrote {output}")
    if args.output is None and not args.smoke and args.only is None:
        readme = ROOT / "README.md"
        if update_readme(readme, sections):
            ctx.say(f"updated the figures in {readme}")
    else:
        sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
