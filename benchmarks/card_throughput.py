"""Card throughput: build, validate and serialise a full card, ours versus SageMaker SDK v2.

Both sides build the same card (:mod:`benchmarks._cardspec`: every section, 50 evaluation
metrics of all six types, five training metrics, ten hyper-parameters) from the same plain data
and serialise it for a model package registration:

* ours (:mod:`benchmarks._ours_card`): the builders, ``build()`` (validates every SageMaker
  limit), ``for_package()`` (the model package card rule), ``to_content_json()``;
* SDK v2 (:mod:`benchmarks._sdk_card`, in ``.venv-sm2``): the ``sagemaker.model_card``
  classes, ``ModelCard._create_request_args()`` and the registration request's renaming.

The SDK side runs in a long-lived worker process (its import is not timed); rounds alternate
between the two sides and the report gives medians.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from time import perf_counter, process_time
from typing import Any

from benchmarks._harness import (
    Context,
    Goal,
    Section,
    fmt_ms,
    fmt_ratio,
    interleave,
    median,
    profile_lines,
    table,
)

GOAL = 2.0
"""SPEC section 5: at least 2x the SDK v2's speed with every check kept."""
BAR = 1.5
"""The bar of the issue that set the goal: below it the card path regressed."""


class _SdkWorker:
    """The SDK half, answering "build and serialise N cards" one request at a time."""

    def __init__(self, ctx: Context) -> None:
        assert ctx.sdk_python is not None
        self._process = subprocess.Popen(
            [str(ctx.sdk_python), "-m", "benchmarks._sdk_card"],
            cwd=ctx.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        hello = self._read()
        self.version: str = hello["sdk"]
        self.content: str = hello["content"]

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the SageMaker SDK worker exited; run it by hand to see why")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def time(self, n: int) -> tuple[float, float]:
        """Build and serialise ``n`` cards: (wall seconds, CPU seconds)."""
        assert self._process.stdin is not None
        self._process.stdin.write(f"{n}\n")
        self._process.stdin.flush()
        answer = self._read()
        return float(answer["seconds"]), float(answer["cpu_seconds"])

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)


def _metrics_in(content: dict[str, Any]) -> int:
    return sum(
        len(group.get("metric_data", []))
        for job in content.get("evaluation_details", [])
        for group in job.get("metric_groups", [])
    )


def _cases(
    ours: Callable[[], float], worker: _SdkWorker | None, n: int, cpu: dict[str, list[float]]
) -> dict[str, Callable[[], float]]:
    cases = {"ours": ours}
    if worker is not None:
        sdk = worker

        def sdk_case() -> float:
            wall, used = sdk.time(n)
            cpu["sdk"].append(used)
            return wall

        cases["sdk"] = sdk_case
    return cases


def run(ctx: Context) -> Section:
    """Measure both sides and return the report section."""
    from benchmarks._cardspec import card_spec
    from benchmarks._ours_card import build_and_serialise

    rounds, n = (1, 5) if ctx.smoke else (11, 100)
    spec = card_spec()  # made once, as the SDK's side makes its own once
    ours_content = build_and_serialise(spec)
    cpu: dict[str, list[float]] = {"ours": [], "sdk": []}

    def ours() -> float:
        started, used = perf_counter(), process_time()
        for _ in range(n):
            build_and_serialise(spec)
        cpu["ours"].append(process_time() - used)
        return perf_counter() - started

    section = Section("Card throughput")
    section.lines += [
        "Build, validate and serialise a full model package card: every section, "
        "50 evaluation metrics (number, string, boolean, bar chart, linear graph, matrix), "
        "5 training metrics, 10 hyper-parameters. Ours: the builders, `build()`, "
        "`for_package()`, `to_content_json()`. SDK v2: the `sagemaker.model_card` classes "
        "and `ModelCard._create_request_args()` with the renaming "
        "`get_create_model_package_request` applies to a `model_card`; the SDK's `Session` "
        "(needed to construct a card) is made once, outside the timing. "
        "Both sides build from the same plain data, made once outside the timing. "
        f"{rounds} interleaved rounds of {n} cards each side; medians of wall time and of "
        "CPU time (the steadier figure on a shared machine).",
        "",
    ]
    worker = _SdkWorker(ctx) if ctx.sdk_python is not None else None
    if worker is not None:
        ctx.sdk_version = worker.version
    try:
        ctx.say(f"card throughput: {rounds} rounds of {n} cards")
        times = interleave(rounds, _cases(ours, worker, n, cpu))
    finally:
        if worker is not None:
            worker.close()
    ours_s, ours_cpu = median(times["ours"]) / n, median(cpu["ours"]) / n
    header = ["side", "per card (wall)", "per card (CPU)", "cards/s", "content chars", "metrics"]
    rows: list[list[Any]] = [
        [
            "sm-governance",
            fmt_ms(ours_s),
            fmt_ms(ours_cpu),
            f"{1 / ours_s:,.0f}",
            f"{len(ours_content):,}",
            _metrics_in(json.loads(ours_content)),
        ]
    ]
    if worker is not None:
        sdk_s, sdk_cpu = median(times["sdk"]) / n, median(cpu["sdk"]) / n
        sdk_content = json.loads(worker.content)
        if set(sdk_content) != set(json.loads(ours_content)) or _metrics_in(sdk_content) != 50:
            raise RuntimeError("the two sides did not build the same card")
        rows.append(
            [
                f"SageMaker SDK {worker.version}",
                fmt_ms(sdk_s),
                fmt_ms(sdk_cpu),
                f"{1 / sdk_s:,.0f}",
                f"{len(worker.content):,}",
                _metrics_in(sdk_content),
            ]
        )
        ratio, cpu_ratio = sdk_s / ours_s, sdk_cpu / ours_cpu
        measured = f"{fmt_ratio(ratio)} wall ({fmt_ratio(cpu_ratio)} CPU)"
        section.headlines.append(
            [
                "build, validate, serialise a card with 50 metrics",
                fmt_ms(ours_s),
                f"SDK v2 `sagemaker.model_card` objects: {fmt_ms(sdk_s)}",
                f"{measured} (goal {GOAL:.0f}x)",
            ]
        )
        section.lines += table(header, rows)
        section.lines += [
            "",
            f"Ours is **{measured}** the SDK's throughput (goal: at least {GOAL:.0f}x; "
            f"below {BAR}x the card path has regressed). The SDK checks types as attributes "
            "are set and nothing else (no lengths, no patterns, no metric shapes, no content "
            "limit); ours checks every SageMaker limit and the package-card rule. The content "
            "is serialised once: the 100,000-character check and `to_content_json()` share it.",
        ]
        section.goals.append(
            Goal(
                "Card build + validate + serialise vs SDK v2",
                f">= {GOAL:.0f}x (bar {BAR}x)",
                measured,
                min(ratio, cpu_ratio) >= GOAL,
            )
        )
    else:
        section.lines += table(header, rows)
        section.lines += ["", "The SDK v2 environment `.venv-sm2` is missing: not compared."]
        section.goals.append(
            Goal("Card build + validate + serialise vs SDK v2", f">= {GOAL:.0f}x", "n/a", None)
        )

    ctx.say("card throughput: profiling our side")
    ctx.profiles["Card: build, validate, serialise (ours, 50 cards)"] = profile_lines(
        lambda: [build_and_serialise(spec) for _ in range(5 if ctx.smoke else 50)]
    )
    return section
