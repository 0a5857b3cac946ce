"""Runs every ``smgov`` command that reads a file or an argument over hostile input.

Started as a subprocess by ``test_corpus.py`` (so its memory can be measured and limited),
under the local SageMaker, through typer's CliRunner. For each run it records the exit code,
whether an exception escaped (a traceback), whether it overran its time, whether a raw
control character reached the output, and how far the process's peak RSS rose. It prints one
JSON summary on stdout.

    python tests/fuzz/driver.py [--timeout SECONDS] [--address-space BYTES]
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

CORPUS = Path(__file__).parent / "corpus"
GROUP = "fuzz"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
ESC = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eevil\u202c\r"
REASONS = [
    "",
    "   ",
    "bad byte \udcff",
    "lone \ud800",
    ESC,
    "x" * 100_000,
    "\u202e" * 50,
    "line one\nline two\r\nline three",
    "\x00nul",
    "%s %n {} {{ title }} ${HOME}",
    "[link](https://evil.example) # heading",
    '{"json": "reason"}',
]


class _Overrun(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Overrun


def _peak_mib() -> float:
    # VmHWM is this process image's own peak: Linux keeps ru_maxrss across execve, so a
    # driver started from a large pytest process would report pytest's size instead.
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def _runtime_files(tmp: Path) -> Iterator[list[Path]]:
    """Files that cannot be committed: devices, a FIFO, a directory, oversized files."""
    fifo = tmp / "fifo.yaml"
    os.mkfifo(fifo)
    sparse = tmp / "sparse-20GiB.json"
    with sparse.open("wb") as handle:
        handle.truncate(20 << 30)
    limit = 10 * 1024 * 1024
    # The largest file the limit admits, as costly to parse as JSON gets: small containers.
    many = tmp / "many-containers-at-limit.json"
    many.write_bytes(b"[" + b"{}," * ((limit - 4) // 3) + b"{}]")
    over = tmp / "over-limit.json"
    over.write_bytes(b" " * (limit + 1))
    found = [p for p in (Path("/dev/zero"), Path("/dev/urandom"), Path("/dev/null")) if p.exists()]
    yield [fifo, tmp, sparse, many, over, *found]


def _commands(path: Path, good_json: str, good_arn: str, other_arn: str) -> list[list[str]]:
    """The commands that read ``path``, by what the file claims to be (everything, for the
    files made at run time)."""
    name, file = path.name, str(path)
    card = [
        ["render", file],
        ["render", file, "--format", "html"],
        ["diff", file, good_json],
        ["--output", "json", "diff", good_json, file],
    ]
    policy = [
        ["render", good_json, "--policy", file],
        ["check", good_arn, "--policy", file],
        ["--output", "json", "check", good_arn, "--policy", file],
        ["approve", other_arn, "--reason", "fuzz", "--policy", file],
    ]
    template = [["render", good_json, "--template", file]]
    if name.startswith(("card-", "report-")):
        return [*card, policy[1]]
    if name.startswith("policy-"):
        return [*policy, card[0]]
    if name.startswith("template-"):
        return template
    return card + policy + template


def main(argv: list[str]) -> int:
    timeout = int(argv[argv.index("--timeout") + 1]) if "--timeout" in argv else 20
    if "--address-space" in argv:  # a runaway read fails here instead of exhausting the host
        limit = int(argv[argv.index("--address-space") + 1])
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.update(
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        COLUMNS="160",
    )
    from typer.testing import CliRunner

    from sm_governance._untrusted import UNSAFE
    from sm_governance.card import ModelCard
    from sm_governance.cli import app
    from sm_governance.cli._context import Settings
    from sm_governance.registry import ModelRegistry
    from sm_governance.testing import demo_card, mock_governance, two_people

    signal.signal(signal.SIGALRM, _alarm)
    runs: list[dict[str, Any]] = []
    started = time.perf_counter()
    with mock_governance(), tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        people = two_people(region_name="us-east-1")
        registry = ModelRegistry(session=people.registrant.session)
        registry.ensure_group(GROUP)
        card = ModelCard.from_content(demo_card(1, auc=0.84, fairness=0.91))

        def register() -> str:
            return registry.register(
                GROUP, card, image_uri=IMAGE, model_data_url="s3://m/model.tar.gz"
            ).arn

        good_arn, other_arn = register(), register()
        hostile = demo_card(1, auc=0.84, fairness=0.91)
        hostile["intended_uses"]["purpose_of_model"] = f"{ESC} lone \ud800"
        raw = people.registrant.session.client("sagemaker").create_model_package(
            ModelPackageGroupName=GROUP,
            InferenceSpecification={
                "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://m/model.tar.gz"}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
            ModelApprovalStatus="PendingManualApproval",
            ModelCard={"ModelCardContent": json.dumps(hostile), "ModelCardStatus": "Draft"},
            ModelLifeCycle={"Stage": "Dev", "StageStatus": "InReview", "StageDescription": ESC},
        )
        hostile_arn = raw["ModelPackageArn"]
        good_json = tmp / "good.json"
        good_json.write_text(card.to_content_json(), encoding="utf-8")
        keys = people.officer.session.get_credentials()
        assert keys is not None
        os.environ.update(AWS_ACCESS_KEY_ID=keys.access_key, AWS_SECRET_ACCESS_KEY=keys.secret_key)
        # One boto3 session for every run: building one costs more than most runs.
        Settings.session = lambda self: people.officer.session  # type: ignore[method-assign]
        runner = CliRunner()
        baseline = _peak_mib()

        def run(label: str, args: list[str]) -> None:
            before = _peak_mib()
            clock = time.perf_counter()
            signal.alarm(timeout)
            try:
                result = runner.invoke(app, args)
            finally:
                signal.alarm(0)
            exc = result.exception
            overran = isinstance(exc, _Overrun)
            out, err = result.stdout, result.stderr
            runs.append(
                {
                    "input": label,
                    "args": [a if len(a) < 80 else a[:77] + "..." for a in args],
                    "exit": result.exit_code,
                    "traceback": (exc is not None and not isinstance(exc, SystemExit))
                    and not overran,
                    "error": None if exc is None else f"{type(exc).__name__}: {exc}"[:300],
                    "hang": overran,
                    "seconds": round(time.perf_counter() - clock, 3),
                    "raw_control": bool(UNSAFE.search(out) or UNSAFE.search(err)),
                    # an expected error is one line: on stderr, or one JSON object on stdout
                    "error_lines": (
                        len(err.strip().splitlines())
                        if "--output" not in args
                        else int("error" in json.loads(out or "{}"))
                    ),
                    "rss_rise_mib": round(_peak_mib() - before, 1),
                    "usage": "Usage:" in err,
                }
            )

        (tmp / "special").mkdir()
        with _runtime_files(tmp / "special") as special:
            inputs = sorted(CORPUS.iterdir()) + special
            for path in inputs:
                for args in _commands(path, str(good_json), good_arn, other_arn):
                    run(path.name, args)
        for reason in REASONS:
            for verb in ("approve", "reject"):
                gate = ["--no-policy"] if verb == "approve" else []
                run(f"reason {reason[:20]!r}", [verb, register(), "--reason", reason, *gate])
            run(
                f"override {reason[:20]!r}",
                [
                    "approve",
                    register(),
                    "--reason",
                    "ok",
                    "--policy",
                    str(CORPUS / "policy-valid.yaml"),
                    "--override",
                    reason,
                ],
            )
        for args in (
            ["show", hostile_arn],
            ["show", hostile_arn, "--format", "md"],
            ["--output", "json", "show", hostile_arn],
            ["history", hostile_arn],
            ["--output", "json", "history", hostile_arn],
            ["check", hostile_arn, "--policy", str(CORPUS / "policy-valid.yaml")],
            ["render", hostile_arn],
            ["render", hostile_arn, "--format", "html"],
            ["diff", hostile_arn, good_arn],
            ["diff", hostile_arn, good_arn, "--format", "md"],
            ["pending", "--group", GROUP],
        ):
            run("stored hostile content", args)
    summary = {
        "runs": len(runs),
        "inputs": len({r["input"] for r in runs}),
        "tracebacks": [r for r in runs if r["traceback"]],
        "hangs": [r for r in runs if r["hang"]],
        "raw_control": [r for r in runs if r["raw_control"]],
        "exit_codes": sorted({r["exit"] for r in runs}),
        "multi_line_errors": [r for r in runs if r["exit"] == 2 and r["error_lines"] != 1],
        "slowest": max(runs, key=lambda r: r["seconds"]),
        "largest_rss_rise": max(runs, key=lambda r: r["rss_rise_mib"]),
        "refusals": [r for r in runs if r["exit"] == 2],
        "peak_rss_mib": round(_peak_mib(), 1),
        "baseline_rss_mib": round(baseline, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }
    json.dump(summary, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
