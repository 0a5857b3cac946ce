"""Two officers as two processes against ``smgov sandbox``, deciding through the ledger."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sm_governance.testing import Identity

from .test_cli_officers import SMGOV, Cast, Sandbox, _env_for, cast, register, sandbox

__all__ = ["cast", "sandbox"]  # the module's fixtures, shared with test_cli_officers

pytestmark = pytest.mark.server

ROUNDS = 50
BUCKET = "smgov-race-ledger"

WORKER = textwrap.dedent(
    """
    import json, sys
    from sm_governance.approval import ApprovalDesk, Decision

    approve = sys.argv[1] == "approve"
    desk = ApprovalDesk(endpoint_url=sys.argv[2])  # ledger and key from SMGOV_* variables
    for line in sys.stdin:
        arn = line.strip()
        try:
            if approve:
                decision = desk.approve(arn, reason="fine")
            else:
                decision = desk.reject(arn, reason="not fine")
            answer = {"done": decision.decision.value}
        except Exception as exc:
            answer = {"error": type(exc).__name__, "message": str(exc)}
        print(json.dumps(answer), flush=True)
    """
)


@pytest.fixture(scope="module")
def ledger_key(sandbox: Sandbox) -> str:
    s3 = sandbox.admin.client("s3", endpoint_url=sandbox.endpoint_url)
    s3.create_bucket(Bucket=BUCKET, ObjectLockEnabledForBucket=True)
    kms = sandbox.admin.client("kms", endpoint_url=sandbox.endpoint_url)
    meta = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    return str(meta["KeyId"])


def _worker(
    sandbox: Sandbox, who: Identity, action: str, key: str, script: Path
) -> subprocess.Popen[str]:
    env = _env_for(sandbox, who, False)
    env.update(SMGOV_LEDGER=f"s3://{BUCKET}/decisions", SMGOV_SIGNING_KEY=key)
    env["PYTHONPATH"] = ":".join(p for p in sys.path if p)
    return subprocess.Popen(
        [sys.executable, str(script), action, sandbox.endpoint_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def officers(
    sandbox: Sandbox, cast: Cast, ledger_key: str, tmp_path: Path
) -> Iterator[dict[str, subprocess.Popen[str]]]:
    script = tmp_path / "officer.py"
    script.write_text(WORKER, encoding="utf-8")
    workers = {
        "approve": _worker(sandbox, cast.bob, "approve", ledger_key, script),
        "reject": _worker(sandbox, cast.carol, "reject", ledger_key, script),
    }
    yield workers
    for worker in workers.values():
        assert worker.stdin is not None
        assert worker.stdout is not None
        worker.stdin.close()
        worker.wait(timeout=60)
        worker.stdout.close()


def test_fifty_rounds_of_two_officer_processes_deciding_at_once(
    sandbox: Sandbox, cast: Cast, ledger_key: str, officers: dict[str, subprocess.Popen[str]]
) -> None:
    s3 = sandbox.admin.client("s3", endpoint_url=sandbox.endpoint_url)
    sagemaker = cast.alice.client("sagemaker")
    successes = 0
    for _ in range(ROUNDS):
        # GIVEN a new pending version, handed to both officer processes at the same moment
        arn = register(cast)
        for worker in officers.values():
            assert worker.stdin is not None
            worker.stdin.write(arn + "\n")
            worker.stdin.flush()
        answers = {}
        for name, worker in officers.items():
            assert worker.stdout is not None
            answers[name] = json.loads(worker.stdout.readline())
        # THEN at most one is told "done", and the status is that decision
        done = [a["done"] for a in answers.values() if "done" in a]
        assert len(done) <= 1, answers
        assert all(
            a.get("error") in (None, "DecisionConflictError", "ApprovalRefusedError")
            for a in answers.values()
        ), answers
        status = sagemaker.describe_model_package(ModelPackageName=arn)["ModelApprovalStatus"]
        assert status == (done[0] if done else "PendingManualApproval"), answers
        # AND the ledger holds exactly one entry per success, none overwritten
        version = arn.rsplit("/", 1)[1]
        account, region = arn.split(":")[4], arn.split(":")[3]
        folder = f"decisions/{account}/{region}/credit-risk/{version}/"
        listed = s3.list_object_versions(Bucket=BUCKET, Prefix=folder)
        assert len(listed.get("Versions", [])) == len(done)
        successes += len(done)
    assert successes == ROUNDS


class _FakeSts(BaseHTTPRequestHandler):
    """An STS endpoint a registrant controls: every caller is "bob"."""

    arn = ""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = (
            '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            f"<GetCallerIdentityResult><Arn>{self.arn}</Arn><UserId>AIDAFAKE</UserId>"
            "<Account>123456789012</Account></GetCallerIdentityResult>"
            "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>"
            "</GetCallerIdentityResponse>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def fake_sts(cast: Cast) -> Iterator[str]:
    handler = type("BobSts", (_FakeSts,), {"arn": cast.bob.arn})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_sts_pointed_at_a_fake_is_refused_and_verify_fails(
    sandbox: Sandbox, cast: Cast, ledger_key: str, fake_sts: str
) -> None:
    # GIVEN alice registered a version and points only AWS_ENDPOINT_URL_STS at her own service
    arn = register(cast)
    env = _env_for(sandbox, cast.alice, True)
    env.update(
        AWS_ENDPOINT_URL_STS=fake_sts,
        SMGOV_LEDGER=f"s3://{BUCKET}/decisions",
        SMGOV_SIGNING_KEY=ledger_key,
    )
    # WHEN she approves her own version, STS saying she is bob
    done = subprocess.run(
        [*SMGOV, "--output", "json", "approve", arn, "--reason", "trust me", "--no-policy"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    # THEN the approval is refused, naming who SageMaker saw
    assert done.returncode == 1, done.stdout + done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["message"].startswith("identity-mismatch")
    assert cast.alice.arn in error["message"]
    # AND verify (run by bob, with the real STS) fails on the recorded anomaly
    check = _env_for(sandbox, cast.bob, True)
    check.update(SMGOV_LEDGER=f"s3://{BUCKET}/decisions", SMGOV_SIGNING_KEY=ledger_key)
    verified = subprocess.run(
        [*SMGOV, "--output", "json", "verify", arn],
        capture_output=True,
        text=True,
        env=check,
        timeout=120,
        check=False,
    )
    assert verified.returncode == 1
    problems = json.loads(verified.stdout)["problems"]
    assert any(p.startswith("anomaly at 2: identity-mismatch") for p in problems)
