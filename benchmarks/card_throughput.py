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
from time import perf_counter
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

GOAL = 10.0


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

    def time(self, n: int) -> float:
        assert self._process.stdin is not None
        self._process.stdin.write(f"{n}\n")
        self._process.stdin.flush()
        return float(self._read()["seconds"])

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


def run(ctx: Context) -> Section:
    """Measure both sides and return the report section."""
    from benchmarks._ours_card import build_and_serialise

    rounds, n = (1, 5) if ctx.smoke else (7, 100)
    ours_content = build_and_serialise()

    def ours() -> float:
        started = perf_counter()
        for _ in range(n):
            build_and_serialise()
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
        f"{rounds} interleaved rounds of {n} cards each side; medians.",
        "",
    ]
    worker: _SdkWorker | None = None
    if ctx.sdk_python is not None:
        ctx.say("card throughput: starting the SageMaker SDK v2 worker")
        worker = _SdkWorker(ctx)
        ctx.sdk_version = worker.version
    try:
        cases = {"ours": ours}
        if worker is not None:
            sdk = worker
            cases["sdk"] = lambda: sdk.time(n)
        ctx.say(f"card throughput: {rounds} rounds of {n} cards")
        times = interleave(rounds, cases)
    finally:
        if worker is not None:
            worker.close()

    ours_s = median(times["ours"]) / n
    rows: list[list[Any]] = [
        [
            "sm-governance",
            fmt_ms(ours_s),
            f"{1 / ours_s:,.0f}",
            f"{len(ours_content):,}",
            _metrics_in(json.loads(ours_content)),
        ]
    ]
    if worker is not None:
        sdk_s = median(times["sdk"]) / n
        sdk_content = json.loads(worker.content)
        if set(sdk_content) != set(json.loads(ours_content)) or _metrics_in(sdk_content) != 50:
            raise RuntimeError("the two sides did not build the same card")
        rows.append(
            [
                f"SageMaker SDK {worker.version}",
                fmt_ms(sdk_s),
                f"{1 / sdk_s:,.0f}",
                f"{len(worker.content):,}",
                _metrics_in(sdk_content),
            ]
        )
        ratio = sdk_s / ours_s
        section.headlines.append(
            [
                "build, validate, serialise a card with 50 metrics",
                fmt_ms(ours_s),
                f"SDK v2 `sagemaker.model_card` objects: {fmt_ms(sdk_s)}",
                f"{fmt_ratio(ratio)} ({GOAL:.0f}x)",
            ]
        )
        section.lines += table(
            ["side", "per card (median)", "cards/s", "content chars", "metrics"], rows
        )
        section.lines += [
            "",
            f"Ours is **{fmt_ratio(ratio)}** the SDK's throughput (goal: at least {GOAL:.0f}x). "
            "The SDK checks types as attributes are set and nothing else (no lengths, no "
            "patterns, no metric shapes, no content limit); ours checks every SageMaker limit "
            "and the package-card rule.",
        ]
        section.goals.append(
            Goal(
                "Card build + validate + serialise vs SDK v2",
                f">= {GOAL:.0f}x",
                fmt_ratio(ratio),
                ratio >= GOAL,
            )
        )
    else:
        section.lines += table(
            ["side", "per card (median)", "cards/s", "content chars", "metrics"], rows
        )
        section.lines += ["", "The SDK v2 environment `.venv-sm2` is missing: not compared."]
        section.goals.append(
            Goal("Card build + validate + serialise vs SDK v2", f">= {GOAL:.0f}x", "n/a", None)
        )

    ctx.say("card throughput: profiling our side")
    ctx.profiles["Card: build, validate, serialise (ours, 50 cards)"] = profile_lines(
        lambda: [build_and_serialise() for _ in range(5 if ctx.smoke else 50)]
    )
    return section
