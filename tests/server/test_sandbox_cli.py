"""``python -m sm_governance.testing`` as a process serving until a signal; ``run_sandbox``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import boto3
import pytest

from sm_governance.testing import run_sandbox
from sm_governance.testing.__main__ import main

pytestmark = pytest.mark.server


def _start(*args: str) -> tuple[subprocess.Popen[str], dict[str, str], list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "sm_governance.testing", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    exports: dict[str, str] = {}
    lines: list[str] = []
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    while "AWS_DEFAULT_REGION" not in exports:
        assert time.monotonic() < deadline, "the sandbox did not print its environment"
        line = process.stdout.readline()
        assert line, f"the sandbox exited early: {lines}"
        lines.append(line.rstrip("\n"))
        if line.startswith("export "):
            key, _, value = line[len("export ") :].strip().partition("=")
            exports[key] = value
    return process, exports, lines


def _client(exports: dict[str, str]) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=exports["AWS_ENDPOINT_URL"],
        aws_access_key_id=exports["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=exports["AWS_SECRET_ACCESS_KEY"],
        region_name=exports["AWS_DEFAULT_REGION"],
    )


def test_module_serves_seeded_sandbox_until_sigterm() -> None:
    # GIVEN the sandbox started as a process on a free port, seeded
    process, exports, _ = _start("--port", "0", "--seed")
    try:
        # THEN it prints a loopback endpoint and fake credentials that work with plain boto3
        assert exports["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")
        groups = _client(exports).list_model_package_groups()["ModelPackageGroupSummaryList"]
        assert [g["ModelPackageGroupName"] for g in groups] == ["demo-credit-risk"]
        # WHEN it is signalled THEN it stops cleanly
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=30)
        assert process.returncode == 0
        assert "Stopping the sandbox." in out
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_unseeded_sandbox_is_empty_and_stops_on_ctrl_c() -> None:
    process, exports, lines = _start("--port", "0")
    try:
        assert not any("Seeded" in line for line in lines)
        assert _client(exports).list_model_package_groups()["ModelPackageGroupSummaryList"] == []
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Stopping the sandbox." in out


def test_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--port", "70000"])
    assert caught.value.code == 2
    assert "--port" in capsys.readouterr().err


def test_run_sandbox_in_process_stops_on_sigterm() -> None:
    # GIVEN run_sandbox in this (main) thread, with an output that signals once it is ready
    lines: list[str] = []

    def out(line: str) -> None:
        lines.append(line)
        if line.startswith("export AWS_DEFAULT_REGION"):
            signal.raise_signal(signal.SIGTERM)

    previous = signal.getsignal(signal.SIGTERM)
    # WHEN it runs THEN it returns after the signal and puts the old handler back
    run_sandbox(0, False, out=out)
    assert lines[-1] == "Stopping the sandbox."
    assert any(line.startswith("export AWS_ENDPOINT_URL=http://127.0.0.1:") for line in lines)
    assert signal.getsignal(signal.SIGTERM) == previous
