"""What each AWS command imports: nothing heavy that its path does not need.

Every command runs as its own process under ``python -X importtime`` against a loopback
local SageMaker, to the end of its work (the AWS calls made, the output printed). The test
checks module *names*, never times: which heavy packages a command must not load. A boto3
script making the same calls loads boto3 and nothing else; these budgets keep each command
close to that (``benchmarks/commands.py`` measures the times).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from sm_governance.card import ModelCard
from sm_governance.registry import ModelRegistry
from sm_governance.testing import demo_card
from sm_governance.testing.sandbox import SandboxServer

pytestmark = pytest.mark.server

IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
POLICY = 'policy: bench\nversion: 1\nmetrics: {fairness_score: ">= 0.5"}\n'
#: Never loaded by a command of the CLI (optional extras, the local SageMaker).
NEVER = ("sagemaker", "mlflow", "moto")
#: What a command that neither reads a card nor renders nor loads a policy must not load.
NO_CARD = ("pydantic", "sm_governance.card", "sm_governance.policy", "yaml", "jinja2", "rich")
#: What a command that loads no policy file must not load.
NO_POLICY = ("sm_governance.policy", "yaml")
#: What reading a version (no decision, no policy, no document) must not load.
READ_ONLY = ("sm_governance.approval", *NO_POLICY, "jinja2")
#: JSON output is written without the terminal library.
JSON = ("rich",)
_MODULE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| ( *)(\S+)$")


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, str]]:
    # GIVEN a local SageMaker with three pending versions and an officer who did not register them
    with SandboxServer(port=0) as sandbox:
        admin = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
        )
        url = sandbox.endpoint_url
        registry = ModelRegistry(client=admin.client("sagemaker", endpoint_url=url))
        registry.ensure_group("credit-risk")
        for i in range(3):
            registry.register(
                "credit-risk",
                ModelCard.from_content(demo_card(i, auc=0.84, fairness=0.91)),
                image_uri=IMAGE,
                model_data_url=f"s3://models/v{i}.tar.gz",
            )
        iam = admin.client("iam", endpoint_url=url)
        iam.create_user(UserName="officer")
        key = iam.create_access_key(UserName="officer")["AccessKey"]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "COV_CORE"))}
        env.update(
            AWS_ENDPOINT_URL=url,
            AWS_ACCESS_KEY_ID=key["AccessKeyId"],
            AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"],
            AWS_DEFAULT_REGION="us-east-1",
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        )
        yield env


def _imported(env: dict[str, str], *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sm_governance.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-500:] + done.stderr[-500:]
    names = {m.group(2) for line in done.stderr.splitlines() if (m := _MODULE.match(line))}
    assert "boto3" in names  # the command did reach AWS
    return names


def _loaded(names: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(p for p in packages if any(n == p or n.startswith(f"{p}.") for n in names))


ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk"


@pytest.mark.parametrize(
    ("args", "forbidden"),
    [
        (["--output", "json", "pending"], NO_CARD),
        (["--output", "json", "pending", "--group", "credit-risk"], NO_CARD),
        (["--output", "json", "history", f"{ARN}/1"], NO_CARD),
        (
            [
                "--output",
                "json",
                "approve",
                f"{ARN}/1",
                "--reason",
                "ok",
                "--no-policy",
                "--allow-unknown-registrant",
            ],
            (*NO_CARD, "sm_governance.registry"),
        ),
        (
            ["--output", "json", "reject", f"{ARN}/2", "--reason", "stale"],
            (*NO_CARD, "sm_governance.registry"),
        ),
        (["--output", "json", "show", f"{ARN}/1"], (*READ_ONLY, *JSON)),
        (["show", f"{ARN}/1"], READ_ONLY),
        # diff reads the governance keys of the approval metadata: the approval package loads
        (["--output", "json", "diff", f"{ARN}/1", f"{ARN}/3"], (*NO_POLICY, "jinja2", *JSON)),
        (["render", f"{ARN}/1"], ("sm_governance.approval", *NO_POLICY)),
        (["--output", "json", "check", f"{ARN}/3", "--policy", "{policy}"], ("jinja2", *JSON)),
    ],
    ids=[
        "pending",
        "pending-group",
        "history",
        "approve",
        "reject",
        "show",
        "show-table",
        "diff",
        "render",
        "check",
    ],
)
def test_a_command_loads_only_what_its_path_needs(
    server: dict[str, str], tmp_path: Path, args: list[str], forbidden: tuple[str, ...]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    # WHEN the command runs to its end
    names = _imported(server, *(a.replace("{policy}", str(policy)) for a in args))
    # THEN no package outside its budget was loaded
    assert _loaded(names, (*NEVER, *forbidden)) == []
