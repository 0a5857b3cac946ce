"""The governance handler's Lambda zip: built from the wheel, deterministic, and it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "infra" / "build_lambda.py"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lambda") / "handler.zip"
    subprocess.run(
        [sys.executable, str(BUILD), "--no-deps", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def test_the_zip_holds_the_handler_and_no_caches(package: Path) -> None:
    names = zipfile.ZipFile(package).namelist()
    assert "sm_governance/events/__init__.py" in names
    assert "sm_governance/events/_handler.py" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert names == sorted(names)
    assert {i.date_time for i in zipfile.ZipFile(package).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_handler_named_in_the_template_runs_from_the_zip(package: Path, tmp_path: Path) -> None:
    # GIVEN the zip unpacked as Lambda unpacks it
    task = tmp_path / "task"
    zipfile.ZipFile(package).extractall(task)
    # WHEN Lambda's bootstrap imports the handler the template names and calls it
    script = (
        "import json, importlib, sm_governance;"
        "module, name = 'sm_governance.events.handler'.rsplit('.', 1);"
        "fn = getattr(importlib.import_module(module), name);"
        "print(json.dumps({'file': sm_governance.__file__, 'result': fn({}, None)}))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(task),
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    # THEN the code came from the zip and the handler answered
    answer = json.loads(done.stdout)
    assert Path(answer["file"]).is_relative_to(task)
    assert answer["result"]["action"] == "ignored"


def test_the_template_names_the_handler_that_exists() -> None:
    import yaml

    template = yaml.safe_load((ROOT / "infra" / "continuous.yaml").read_text(encoding="utf-8"))
    function = template["Resources"]["Function"]["Properties"]
    assert function["Handler"] == "sm_governance.events.handler"
    assert function["Runtime"] == "python3.12"
