"""``smgov`` as separate processes against ``smgov sandbox``: two IAM users as two people."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

from sm_governance.card import ModelCard
from sm_governance.registry import ModelRegistry
from sm_governance.testing import Identity, create_user, demo_card

pytestmark = pytest.mark.server

SMGOV = [sys.executable, "-m", "sm_governance.cli"]
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
POLICY = 'policy: retail-credit\nversion: 1\nmetrics: {fairness_score: ">= 0.8"}\n'


@dataclass(frozen=True)
class Sandbox:
    endpoint_url: str
    admin: boto3.Session


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "COV_CORE"))}
    env.update(
        AWS_DEFAULT_REGION="us-east-1",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        PYTHONUNBUFFERED="1",
        COLUMNS="200",
    )
    return env


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    # GIVEN `smgov sandbox` running as its own process on a free loopback port
    process = subprocess.Popen(
        [*SMGOV, "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_clean_env(),
    )
    assert process.stdout is not None
    url = None
    for line in process.stdout:
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if found:
            url = found.group(1)
            break
    assert url is not None, "the sandbox did not start"
    admin = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    try:
        yield Sandbox(url, admin)
    finally:
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=30)
        assert process.returncode == 0
        assert "Stopping the sandbox." in rest


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def _env_for(sandbox: Sandbox, who: Identity, endpoint_in_env: bool) -> dict[str, str]:
    credentials = who.session.get_credentials()
    assert credentials is not None
    env = _clean_env()
    env.update(
        AWS_ACCESS_KEY_ID=credentials.access_key, AWS_SECRET_ACCESS_KEY=credentials.secret_key
    )
    if endpoint_in_env:
        env["AWS_ENDPOINT_URL"] = sandbox.endpoint_url
    return env


def smgov(sandbox: Sandbox, who: Identity, *args: str, endpoint_in_env: bool = False) -> Run:
    options = [] if endpoint_in_env else ["--endpoint-url", sandbox.endpoint_url]
    done = subprocess.run(
        [*SMGOV, *options, *args],
        capture_output=True,
        text=True,
        env=_env_for(sandbox, who, endpoint_in_env),
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def start(sandbox: Sandbox, who: Identity, args: Sequence[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*SMGOV, "--endpoint-url", sandbox.endpoint_url, "--output", "json", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env_for(sandbox, who, False),
    )


@dataclass(frozen=True)
class Cast:
    alice: Identity
    bob: Identity
    carol: Identity
    registry: ModelRegistry


@pytest.fixture(scope="module")
def cast(sandbox: Sandbox) -> Cast:
    where = {"session": sandbox.admin, "endpoint_url": sandbox.endpoint_url}
    alice = create_user("alice", **where)  # type: ignore[arg-type]
    bob = create_user("bob", **where)  # type: ignore[arg-type]
    carol = create_user("carol", **where)  # type: ignore[arg-type]
    registry = ModelRegistry(client=alice.client("sagemaker"))
    registry.ensure_group("credit-risk", datazone_project_id="c4x7p2demo9prj")
    return Cast(alice, bob, carol, registry)


def register(cast: Cast, fairness: float = 0.91) -> str:
    card = ModelCard.from_content(demo_card(1, auc=0.84, fairness=fairness))
    return cast.registry.register(
        "credit-risk", card, image_uri=IMAGE, model_data_url="s3://m/model.tar.gz"
    ).arn


@pytest.fixture
def policy_file(tmp_path: Path) -> str:
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return str(path)


def test_two_people_through_the_whole_review(
    sandbox: Sandbox, cast: Cast, policy_file: str
) -> None:
    arn = register(cast, fairness=0.5)
    # the officer sees it waiting (endpoint from AWS_ENDPOINT_URL this time)
    queue = smgov(sandbox, cast.bob, "--output", "json", "pending", endpoint_in_env=True)
    assert queue.code == 0, queue.stderr
    assert arn in [row["arn"] for row in queue.json()["pending"]]
    # the gate fails with its reason
    check = smgov(sandbox, cast.bob, "check", arn, "--policy", policy_file)
    assert check.code == 1
    assert "fairness_score" in check.stdout
    # the registrant cannot approve her own version, even with an override
    own = smgov(
        sandbox, cast.alice, "approve", arn, "-r", "mine", "-p", policy_file, "--override", "x"
    )
    assert own.code == 1
    assert "self-approval refused" in own.stderr
    assert "Traceback" not in own.stderr
    # the officer overrides the gate with a justification
    approved = smgov(
        sandbox,
        cast.bob,
        "--output",
        "json",
        "approve",
        arn,
        "--reason",
        "pilot",
        "--policy",
        policy_file,
        "--override",
        "Risk committee minute 12",
    )
    assert approved.code == 0, approved.stderr
    assert approved.json()["approver"] == cast.bob.arn
    # a stale decision is refused
    stale = smgov(sandbox, cast.carol, "reject", arn, "--reason", "too late")
    assert stale.code == 1
    assert "is Approved" in stale.stderr
    # and the trail shows the override
    trail = smgov(sandbox, cast.carol, "--output", "json", "history", arn).json()
    (decision,) = [e for e in trail["events"] if e["kind"] == "decision"]
    assert decision["actor"] == cast.bob.arn
    assert decision["details"]["override_justification"] == "Risk committee minute 12"


def test_two_officers_racing_on_one_version(sandbox: Sandbox, cast: Cast) -> None:
    # GIVEN one pending version and two officers deciding at the same moment
    arn = register(cast)
    racers = {
        "bob": start(sandbox, cast.bob, ["approve", arn, "--reason", "fine", "--no-policy"]),
        "carol": start(sandbox, cast.carol, ["reject", arn, "--reason", "not fine"]),
    }
    outcomes = {name: (p.wait(timeout=120), *p.communicate()) for name, p in racers.items()}
    # THEN at most one succeeds; the other is refused (stale) or told of the conflict
    codes = sorted(code for code, _, _ in outcomes.values())
    assert codes in ([0, 1], [1, 1])
    errors = [json.loads(out)["error"] for code, out, _ in outcomes.values() if code == 1]
    assert all(e["kind"] in ("refused", "conflict") for e in errors)
    # AND no decision is lost silently: the one in effect is the winner's, or someone was told
    trail = smgov(sandbox, cast.bob, "--output", "json", "history", arn).json()
    decided = [e for e in trail["events"] if e["kind"] == "decision"]
    winners = [json.loads(out) for code, out, _ in outcomes.values() if code == 0]
    for winner in winners:
        if decided[-1]["details"]["decision_id"] != winner["decision_id"]:
            assert any(e["kind"] == "conflict" for e in errors)
    assert trail["approval_status"] in ("Approved", "Rejected")


def test_not_found_and_access_errors_exit_3_and_4(sandbox: Sandbox, cast: Cast) -> None:
    missing = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/999"
    assert smgov(sandbox, cast.bob, "history", missing).code == 3
    env = _clean_env()
    done = subprocess.run(
        [*SMGOV, "--endpoint-url", sandbox.endpoint_url, "history", missing],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 4
    assert "credentials" in done.stderr
