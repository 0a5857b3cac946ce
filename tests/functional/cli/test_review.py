"""pending, show, history, diff, render, policy schema, --help, --version, demo, AWS errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sm_governance.cli import EXIT_AWS, EXIT_OK, EXIT_USAGE, app
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People, demo_card

from .conftest import Smgov

PENDING_KEYS = {"arn", "group", "version", "created_at", "description", "lifecycle_stage"}
VERSION_KEYS = {
    "arn",
    "subject_digest",
    "group",
    "version",
    "approval_status",
    "approval_description",
    "card_status",
    "lifecycle",
    "datazone_project_id",
    "created_by",
    "created_at",
    "last_modified_by",
    "last_modified_at",
    "customer_metadata",
    "card",
}
EVENT_KEYS = {"at", "kind", "actor", "summary", "exact", "verified", "details"}


def test_pending_lists_the_queue(
    smgov: Smgov, people: People, register: Callable[..., str]
) -> None:
    ModelRegistry(session=people.registrant.session).ensure_group("fraud")
    first, second = register(), register()
    smgov("reject", second, "--reason", "dup", who=people.officer)
    data = smgov.json("pending", "--all-groups")
    assert data["groups_scanned"] is None
    assert [row["arn"] for row in data["pending"]] == [first]
    assert set(data["pending"][0]) == PENDING_KEYS
    only = smgov.json("pending", "--group", "fraud")
    assert only == {"groups_scanned": 1, "pending": []}
    table = smgov("pending")
    assert table.exit_code == EXIT_OK
    assert "1 version(s) waiting for a decision in the account" in table.stdout
    assert "credit-risk" in table.stdout
    detailed = smgov.json("pending", "--details")
    assert detailed["pending"][0]["risk_rating"] == "Medium"
    assert detailed["pending"][0]["created_by"] == people.registrant.arn
    assert "Risk" in smgov("pending", "--details", "-g", "credit-risk").stdout


def test_pending_usage_errors(smgov: Smgov, people: People) -> None:
    both = smgov("pending", "--group", "a", "--all-groups")
    assert both.exit_code == EXIT_USAGE
    bad = smgov.json("pending", "-g", "bad name", code=EXIT_USAGE)
    assert "groups[0]" in bad["error"]["message"]


def test_show_in_three_formats(smgov: Smgov, people: People, arn: str) -> None:
    data = smgov.json("show", arn)
    assert set(data) == VERSION_KEYS | {"card_problems"}
    assert data["card_problems"] == []
    assert data["approval_status"] == "PendingManualApproval"
    assert data["created_by"] == people.registrant.arn
    assert data["card"]["intended_uses"]["risk_rating"] == "Medium"
    table = smgov("show", arn)
    assert table.exit_code == EXIT_OK
    assert "Card: Intended uses" in table.stdout
    markdown = smgov("show", arn, "--format", "md")
    assert markdown.exit_code == EXIT_OK
    assert markdown.stdout.startswith("# ")
    assert "## Intended uses" in markdown.stdout


def test_history_as_table_and_json(smgov: Smgov, people: People, arn: str) -> None:
    smgov("reject", arn, "--reason", "fairness", who=people.officer)
    data = smgov.json("history", arn)
    assert set(data) == {"arn", "approval_status", "ledger", "events", "limits"}
    assert data["ledger"] is None
    assert not any(e["verified"] for e in data["events"])
    assert [e["kind"] for e in data["events"]] == ["registered", "decision", "card_status"]
    assert all(set(e) == EVENT_KEYS for e in data["events"])
    assert data["events"][1]["details"]["reason"] == "fairness"
    table = smgov("history", arn)
    assert table.exit_code == EXIT_OK
    assert "decision" in table.stdout
    assert "note:" in table.stdout


def test_diff_two_card_files_and_two_versions(
    smgov: Smgov, people: People, register: Callable[..., str], tmp_path: Path
) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(demo_card(1, auc=0.8, fairness=0.7)), encoding="utf-8")
    b.write_text(json.dumps(demo_card(1, auc=0.8, fairness=0.9)), encoding="utf-8")
    data = smgov.json("diff", str(a), str(b))
    assert set(data) == {"a", "b", "changes", "hidden"}
    (change,) = data["changes"]
    assert change["kind"] == "changed"
    assert (change["old"], change["new"]) == (0.7, 0.9)
    table = smgov("diff", str(a), str(b))
    assert "1 change(s)" in table.stdout
    md = smgov("diff", str(a), str(b), "--format", "md")
    assert "| Field | Change | Old | New |" in md.stdout
    first, second = register(fairness=0.7), register(fairness=0.9)
    versions = smgov.json("diff", first, second, who=people.officer)
    assert any(c["path"].endswith('fairness_score"].value') for c in versions["changes"])


def test_render_markdown_and_html(
    smgov: Smgov, arn: str, tmp_path: Path, policy_file: Path
) -> None:
    markdown = smgov("render", arn, "--policy", str(policy_file))
    assert markdown.exit_code == EXIT_OK, markdown.output
    assert "retail-credit" in markdown.stdout
    out = tmp_path / "card.html"
    html = smgov("render", arn, "--format", "html", "--out", str(out), "--no-sign-off")
    assert html.exit_code == EXIT_OK, html.output
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert "Sign-off" not in out.read_text(encoding="utf-8")
    missing = smgov("render", str(tmp_path / "nope.json"))
    assert missing.exit_code == EXIT_USAGE
    assert "nope.json" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"intended_uses": {"risk_rating": "Extreme"}}', encoding="utf-8")
    assert smgov("render", str(bad)).exit_code == EXIT_USAGE


def test_policy_schema_is_json_schema(smgov: Smgov) -> None:
    schema = smgov.json("policy", "schema")
    assert schema["type"] == "object"
    assert "metrics" in schema["properties"]


def test_help_and_version() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == EXIT_OK
    for command in ("pending", "show", "check", "approve", "reject", "history", "verify", "diff"):
        assert command in result.stdout
    assert runner.invoke(app, ["--version"]).stdout.startswith("smgov 0.")
    assert runner.invoke(app, ["approve", "--help"]).exit_code == EXIT_OK
    assert runner.invoke(app, []).exit_code in (EXIT_OK, EXIT_USAGE)


def test_no_credentials_exits_4(
    smgov: Smgov, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/1"
    error = smgov.json("history", arn, code=EXIT_AWS)["error"]
    assert error["kind"] == "access_denied"
    result = smgov("history", arn)
    assert result.exit_code == EXIT_AWS
    assert "credentials" in result.stderr
    assert "Traceback" not in result.output


def test_demo_tells_the_lifecycle_with_real_commands(
    aws_credentials: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo"], env={"COLUMNS": "100"})
    assert result.exit_code == EXIT_OK, result.output
    out = result.output
    # THEN the story is told in order, each step by the command that does it
    steps = [
        "bob$ smgov pending",
        "bob$ smgov approve credit-risk/1",
        "error: approval blocked: retail-credit: failed 1 of 3 rules",
        "bob$ smgov reject credit-risk/1",
        "alice$ smgov diff card-v1.json card-v2.json",
        "2 change(s) from card-v1.json to card-v2.json",
        "alice$ smgov check card-v2.json --policy retail-credit.yaml",
        "PASSED",
        "credit-risk/2: PendingManualApproval",
        "alice$ smgov approve credit-risk/2",
        "error: self-approval refused",
        "bob$ smgov approve credit-risk/2",
        "Approved credit-risk/2",
        "bob$ smgov history credit-risk/2",
        "bob$ smgov verify credit-risk/2",
        "VERIFIED arn:aws:sagemaker",
        "alice>>> sagemaker.update_model_package",
        "NOT VERIFIED arn:aws:sagemaker",
        "the card changed since the decision",
        "Demo complete",
    ]
    positions = [out.find(step) for step in steps]
    assert -1 not in positions, [s for s, p in zip(steps, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    # about half the former 311 lines at 100 columns; nothing left behind
    assert len(out.splitlines()) < 190
    assert list(tmp_path.iterdir()) == []


HEAVY = ("boto3", "botocore", "pydantic", "moto", "yaml", "jinja2", "rich", "sagemaker", "mlflow")


@pytest.mark.parametrize(
    "args", [["--help"], ["approve", "--help"], ["verify", "--help"], ["policy", "--help"]]
)
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from sm_governance.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
