"""The deployment gate's script, run with bash exactly as the buildspec holds it.

``smgov`` and ``aws`` are small stand-ins on the PATH that record their arguments (``smgov``
exits with the verdict the test chooses). The script is what CodeBuild runs; the tests show it
announces a version only after ``smgov verify`` proved it, and refuses anything that is not a
version of the stack's group before calling ``smgov`` at all.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.infra.infra_stack import load_template

PREFIX = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/"
TOPIC = "arn:aws:sns:us-east-1:123456789012:verified"
BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def _project() -> dict[str, Any]:
    project = load_template()["Resources"]["DeployGate"]["Properties"]
    assert isinstance(project, dict)
    return project


def _buildspec() -> dict[str, Any]:
    spec = yaml.safe_load(_project()["Source"]["BuildSpec"])
    assert isinstance(spec, dict)
    return spec


def _stand_in(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def _run(tmp_path: Path, arn: str | None, verdict: int) -> tuple[int, str, list[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    _stand_in(
        bin_dir / "smgov",
        f'echo "smgov $*" >> {calls}\n'
        'echo \'{"verified": true, "problems": []}\'\n'
        f"exit {verdict}",
    )
    _stand_in(bin_dir / "aws", f'echo "aws $*" >> {calls}\ncat "${{8#file://}}" >> {calls}')
    (script,) = _buildspec()["phases"]["build"]["commands"]
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "VERSION_ARN_PREFIX": PREFIX,
        "VERIFIED_TOPIC_ARN": TOPIC,
    }
    if arn is not None:
        env["MODEL_PACKAGE_ARN"] = arn
    done = subprocess.run(
        [str(BASH), "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    recorded = calls.read_text().splitlines() if calls.exists() else []
    smgov = [line for line in recorded if line.startswith("smgov ")]
    aws = [line for line in recorded if not line.startswith("smgov ")]
    return done.returncode, done.stderr, smgov, aws


def test_a_proven_approval_is_announced(tmp_path: Path) -> None:
    code, _, smgov, aws = _run(tmp_path, PREFIX + "3", verdict=0)
    assert code == 0
    assert smgov == [f"smgov --output json verify {PREFIX}3"]
    assert aws == [
        f"aws sns publish --topic-arn {TOPIC} --subject Verified approval "
        "--message file://verification.json",
        '{"verified": true, "problems": []}',
    ]


def test_an_unproven_approval_fails_the_build_and_announces_nothing(tmp_path: Path) -> None:
    code, stderr, smgov, aws = _run(tmp_path, PREFIX + "3", verdict=1)
    assert code == 1
    assert smgov == [f"smgov --output json verify {PREFIX}3"]
    assert aws == []
    assert "nothing announced" in stderr


@pytest.mark.parametrize(
    "arn",
    [
        None,
        "",
        PREFIX,
        PREFIX + "3/../4",
        PREFIX + "3 --public-key /etc/passwd",
        PREFIX + "-1",
        "arn:aws:sagemaker:us-east-1:123456789012:model-package/other-models/3",
        "arn:aws:sagemaker:us-east-1:999999999999:model-package/credit-risk/3",
        "--help",
    ],
)
def test_anything_but_a_version_of_the_group_is_refused_before_verify(
    tmp_path: Path, arn: str | None
) -> None:
    code, stderr, smgov, aws = _run(tmp_path, arn, verdict=0)
    assert code == 1
    assert "refused: not a version of this group" in stderr
    assert smgov == aws == []


def test_the_project_runs_the_script_with_the_stacks_values() -> None:
    project = _project()
    variables = {v["Name"]: v["Value"] for v in project["Environment"]["EnvironmentVariables"]}
    assert variables["VERSION_ARN_PREFIX"] == {
        "Fn::Sub": "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}"
        ":model-package/${ModelPackageGroupName}/"
    }
    assert variables["VERIFIED_TOPIC_ARN"] == {"Ref": "ApprovalTopic"}
    assert variables["SMGOV_LEDGER"] == {"Fn::Sub": "s3://${LedgerBucket}/${LedgerPrefix}"}
    assert variables["SMGOV_SIGNING_KEY"] == {"Fn::GetAtt": ["SigningKey", "Arn"]}
    # the requirement reaches pip as a variable, never pasted into the script
    (install,) = _buildspec()["phases"]["install"]["commands"]
    assert install.endswith('"$GATE_REQUIREMENT"')
    assert project["Environment"]["PrivilegedMode"] is False
    assert project["Name"] == {"Fn::Sub": "${ModelPackageGroupName}-deploy-gate"}
