"""The sandbox as a process (``python -m sm_governance.testing``, ``smgov sandbox``).

What a shell user gets: one line and exit 2 on a busy port; a banner of ready ``export`` lines
for a registrant and an officer, the ledger and its signing key, printed before any request log;
no request log unless asked; a clean stop on a signal.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

import boto3
import pytest

from sm_governance.testing import run_sandbox
from sm_governance.testing.__main__ import main

pytestmark = pytest.mark.server

READY = ("# Request logging is off", "# Requests are logged")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SMGOV_"))}


class Sandbox:
    """The sandbox as a process; its output (stdout and stderr, in order) read by a thread."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sm_governance.testing", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=_env(),
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def banner(self) -> list[str]:
        """Every line up to the end of the banner (at most 60 s)."""
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while not (lines and lines[-1].startswith(READY)):
            try:
                line = self._lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                pytest.fail(f"the sandbox did not print its banner within 60 s: {lines}")
            assert line is not None, f"the sandbox exited early: {lines}"
            lines.append(line)
        return lines

    def stop(self, signum: int = signal.SIGTERM) -> list[str]:
        """Signal it, wait (at most 30 s) and return the rest of its output."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=10)
        self._reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()
        rest: list[str] = []
        while (line := self._lines.get_nowait()) is not None:
            rest.append(line)
        return rest


def _blocks(lines: list[str]) -> list[dict[str, str]]:
    """The banner as the shell reads it: one dict per blank-line separated block of exports."""
    blocks: list[dict[str, str]] = [{}]
    for line in lines:
        if not line:
            blocks.append({})
        elif line.startswith("export "):
            for assignment in line[len("export ") :].split():
                key, _, value = assignment.partition("=")
                blocks[-1][key] = value
        else:
            assert line.startswith(("#", "unset ")), f"not a shell line: {line!r}"
    return [block for block in blocks if block]


def _client(service: str, shared: dict[str, str], person: dict[str, str]) -> Any:
    make: Any = boto3.client
    return make(
        service,
        endpoint_url=shared["AWS_ENDPOINT_URL"],
        region_name=shared["AWS_DEFAULT_REGION"],
        aws_access_key_id=person["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=person["AWS_SECRET_ACCESS_KEY"],
    )


def test_banner_gives_two_people_and_the_ledger_and_no_request_log() -> None:
    # GIVEN the sandbox started as a process on a free port, seeded
    sandbox = Sandbox("--port", "0", "--seed")
    try:
        lines = sandbox.banner()
        shared, registrant, officer = _blocks(lines)
        # THEN the shared block points at loopback and names the ledger and its key
        assert shared["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")
        assert shared["SMGOV_LEDGER"] == "s3://smgov-ledger/decisions"
        assert shared["SMGOV_SIGNING_KEY"].startswith("arn:aws:kms:us-east-1:")
        assert "unset AWS_PROFILE AWS_SESSION_TOKEN" in lines
        # AND each person's line is a real IAM user's access key
        arns = [
            _client("sts", shared, person).get_caller_identity()["Arn"]
            for person in (registrant, officer)
        ]
        assert arns == [
            "arn:aws:iam::123456789012:user/sandbox-registrant",
            "arn:aws:iam::123456789012:user/sandbox-officer",
        ]
        # AND the ledger bucket is locked and the key signs with ECDSA P-256
        s3 = _client("s3", shared, officer)
        bucket = shared["SMGOV_LEDGER"].removeprefix("s3://").split("/")[0]
        lock = s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]
        assert lock["ObjectLockEnabled"] == "Enabled"
        key = _client("kms", shared, officer).describe_key(KeyId=shared["SMGOV_SIGNING_KEY"])
        assert (key["KeyMetadata"]["KeySpec"], key["KeyMetadata"]["KeyUsage"]) == (
            "ECC_NIST_P256",
            "SIGN_VERIFY",
        )
        # AND the seeded versions were registered by the registrant of the banner
        sm = _client("sagemaker", shared, registrant)
        groups = sm.list_model_package_groups()["ModelPackageGroupSummaryList"]
        assert [g["ModelPackageGroupName"] for g in groups] == ["demo-credit-risk"]
        described = sm.describe_model_package(ModelPackageName="demo-credit-risk/3")
        assert described["CreatedBy"]["IamIdentity"]["Arn"] == arns[0]
    finally:
        rest = sandbox.stop()
    # THEN, requests made, still no request log: only the stop message followed the banner
    assert sandbox.process.returncode == 0
    assert rest == ["Stopping the sandbox."]


def test_request_log_only_when_asked_and_after_the_banner() -> None:
    # GIVEN the sandbox asked to log requests (stdout and stderr in one stream, in order)
    sandbox = Sandbox("--port", "0", "--seed", "--log-requests")
    try:
        lines = sandbox.banner()
        # THEN nothing but banner lines came before the banner's end (the seed's requests
        # were not logged)
        assert all(line == "" or line.startswith(("#", "export ", "unset ")) for line in lines)
        assert lines[-1] == "# Requests are logged below (on stderr)."
        shared, registrant, _ = _blocks(lines)
        _client("sts", shared, registrant).get_caller_identity()
    finally:
        rest = sandbox.stop(signal.SIGINT)
    # AND the request made afterwards is logged
    assert sandbox.process.returncode == 0
    assert any('"POST / HTTP/1.1" 200' in line for line in rest), rest


def _busy_port() -> tuple[socket.socket, int]:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    return taken, int(taken.getsockname()[1])


@pytest.mark.parametrize("command", ["module", "smgov"])
def test_busy_port_is_one_line_and_exit_2(command: str) -> None:
    smgov = shutil.which("smgov", path=os.path.dirname(sys.executable))
    argv = {
        "module": [sys.executable, "-m", "sm_governance.testing"],
        "smgov": [smgov or "smgov", "sandbox"],
    }[command]
    taken, port = _busy_port()
    with taken:
        done = subprocess.run(
            [*argv, "--port", str(port)],
            capture_output=True,
            text=True,
            env=_env(),
            timeout=60,
            check=False,
        )
    # THEN one line on stderr naming the port and the fix, nothing on stdout, exit 2
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert f"port {port} on 127.0.0.1 is in use" in line
    assert "--port" in line
    assert "Traceback" not in done.stderr


def test_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--port", "70000"])
    assert caught.value.code == 2
    assert "--port" in capsys.readouterr().err


def test_busy_port_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    taken, port = _busy_port()
    with taken:
        assert main(["--port", str(port)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1


def test_run_sandbox_in_process_stops_on_sigterm() -> None:
    # GIVEN run_sandbox in this (main) thread, with an output that signals once it is ready
    lines: list[str] = []

    def out(line: str) -> None:
        lines.append(line)
        if line.startswith(READY):
            signal.raise_signal(signal.SIGTERM)

    previous = signal.getsignal(signal.SIGTERM)
    # WHEN it runs THEN it returns after the signal and puts the old handler back
    run_sandbox(0, False, out=out)
    assert lines[-1] == "Stopping the sandbox."
    assert any(line.startswith("export AWS_ENDPOINT_URL=http://127.0.0.1:") for line in lines)
    assert signal.getsignal(signal.SIGTERM) == previous


def _smgov(
    shared: dict[str, str], person: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **_env(),
        **shared,
        **person,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    return subprocess.run(
        [sys.executable, "-m", "sm_governance.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_banner_is_enough_for_the_two_person_flow(tmp_path: Any) -> None:
    # GIVEN a seeded sandbox, and a shell per person made only from the banner's lines
    sandbox = Sandbox("--port", "0", "--seed")
    try:
        shared, registrant, officer = _blocks(sandbox.banner())
        policy = tmp_path / "policy.yaml"
        policy.write_text("policy: sandbox\nversion: 1\nmetrics:\n  fairness_score: '>= 0.8'\n")
        pending = "arn:aws:sagemaker:us-east-1:123456789012:model-package/demo-credit-risk/3"
        # WHEN the registrant tries to approve their own version THEN it is refused
        own = _smgov(shared, registrant, "approve", pending, "-r", "mine", "-p", str(policy))
        assert own.returncode == 1, own.stderr
        # WHEN the officer approves it through the sandbox's ledger
        approved = _smgov(
            shared, officer, "approve", pending, "-r", "gate passed", "-p", str(policy)
        )
        assert approved.returncode == 0, approved.stderr
        # THEN anyone can prove the approval from the ledger and its signing key
        proof = _smgov(shared, registrant, "--output", "json", "verify", pending)
        assert proof.returncode == 0, proof.stdout + proof.stderr
        assert json.loads(proof.stdout)["verified"] is True
        # AND the seed's approval, made without the ledger, is not proven
        seeded = pending.replace("/3", "/1")
        unproven = _smgov(shared, officer, "--output", "json", "verify", seeded)
        assert unproven.returncode == 1
        assert json.loads(unproven.stdout)["verified"] is False
    finally:
        sandbox.stop()
