"""Global options anywhere, usage errors in the CLI's words, files without AWS, the gate never
skipped silently."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from sm_governance.cli import EXIT_NOT_FOUND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, app
from sm_governance.cli._globals import SmgovGroup, hoist_globals
from sm_governance.testing import People, demo_card

from .conftest import POLICY, Smgov

ROOT = typer.main.get_command(app)


@pytest.mark.parametrize(
    ("line", "hoisted"),
    [
        ("pending -o json", "-o json pending"),
        ("pending --output=json -g a", "--output=json pending -g a"),
        ("show A -ojson --region eu-west-1", "-ojson --region eu-west-1 show A"),
        (
            "--profile p show A --endpoint-url http://x",
            "--profile p --endpoint-url http://x show A",
        ),
        # a command's own option of the same name stays the command's
        ("render c.json -o out.md --output json", "--output json render c.json -o out.md"),
        # the value of a command's option is never taken for a global option
        ("approve A --reason --region", "approve A --reason --region"),
        ("policy schema -o json", "-o json policy schema"),
        ("show -- --region x", "show -- --region x"),
        ("nope --region x", "nope --region x"),
    ],
)
def test_global_options_move_in_front_of_the_command(line: str, hoisted: str) -> None:
    assert hoist_globals(ROOT, line.split()) == hoisted.split()


def test_an_option_added_to_the_callback_later_works_after_the_command_too() -> None:
    # GIVEN an application whose callback declares a new global option
    demo = typer.Typer(cls=SmgovGroup)
    seen: dict[str, str | None] = {}

    @demo.callback()
    def _root(ledger: Annotated[str | None, typer.Option("--ledger")] = None) -> None:
        seen["ledger"] = ledger

    @demo.command()
    def verify(arn: str) -> None:
        seen["arn"] = arn

    # WHEN it is given after the command
    result = CliRunner().invoke(demo, ["verify", "A", "--ledger", "s3://b/p"])
    # THEN the callback receives it
    assert result.exit_code == EXIT_OK, result.output
    assert seen == {"ledger": "s3://b/p", "arn": "A"}


def test_global_options_after_the_command_work_end_to_end(
    smgov: Smgov, people: People, arn: str
) -> None:
    result = smgov("pending", "--output", "json", "--region", "us-east-1", who=people.officer)
    assert result.exit_code == EXIT_OK, result.output
    assert [row["arn"] for row in json.loads(result.stdout)["pending"]] == [arn]
    shown = smgov("show", arn, "-o", "json")
    assert json.loads(shown.stdout)["arn"] == arn


def test_unknown_option_names_the_command_options_and_globals(smgov: Smgov) -> None:
    result = smgov("pending", "--bogus")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: smgov pending has no option --bogus.")
    assert "--group" in result.stderr
    assert "global options (before or after the command): --endpoint-url" in result.stderr


def test_command_option_before_the_command_says_where_it_goes(smgov: Smgov) -> None:
    result = smgov("--group", "x", "pending")
    assert result.exit_code == EXIT_USAGE
    # --group belongs to several commands (pending, due, audit): each is named
    assert "--group is an option of " in result.stderr
    assert "pending" in result.stderr
    assert "not a global option: put it after the command" in result.stderr
    assert "smgov pending --group" in result.stderr


def test_usage_errors_are_json_under_output_json(smgov: Smgov) -> None:
    for line in (["approve", "-o", "json"], ["-o", "json", "pending", "--bogus"]):
        result = smgov(*line)
        assert result.exit_code == EXIT_USAGE
        error = json.loads(result.stdout)["error"]
        assert error["kind"] == "usage"
        assert error["exit_code"] == EXIT_USAGE
    missing = json.loads(smgov("approve", "--output=json").stdout)["error"]["message"]
    assert missing == "smgov approve needs VERSION; see 'smgov approve --help'"


def test_no_region_says_how_to_give_one(
    smgov: Smgov, monkeypatch: pytest.MonkeyPatch, arn: str
) -> None:
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    result = smgov("show", arn.replace("arn:aws:sagemaker:us-east-1:", "x:"))
    assert result.exit_code == EXIT_USAGE  # invalid before any region is needed
    result = smgov("show", "credit-risk/1")
    assert result.exit_code == 4
    assert "give --region, set AWS_REGION" in result.stderr


@pytest.fixture
def no_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No region, no credentials, no configuration: only files can work."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def cards(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, fairness: float) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(demo_card(1, auc=0.84, fairness=fairness)), encoding="utf-8")
        return path

    return make


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    path = tmp_path / "retail-credit.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return path


def test_render_diff_and_check_of_files_need_no_aws(
    no_aws: None, cards: Callable[..., Path], policy: Path
) -> None:
    runner = CliRunner()
    good, bad = str(cards("good.json", 0.91)), str(cards("bad.json", 0.72))
    rendered = runner.invoke(app, ["render", good])
    assert rendered.exit_code == EXIT_OK, rendered.output
    assert rendered.stdout.startswith("# ")
    changed = runner.invoke(app, ["diff", good, bad, "-o", "json"])
    assert changed.exit_code == EXIT_OK, changed.output
    assert [c["new"] for c in json.loads(changed.stdout)["changes"]] == [0.72]
    passing = runner.invoke(app, ["check", good, "--policy", str(policy)])
    assert passing.exit_code == EXIT_OK, passing.output
    assert "PASSED" in passing.stdout
    failing = runner.invoke(app, ["check", good, bad, "--policy", str(policy), "-o", "json"])
    assert failing.exit_code == EXIT_REFUSED
    data = json.loads(failing.stdout)
    assert data["passed"] is False
    assert [(r["source"], r["passed"]) for r in data["results"]] == [(good, True), (bad, False)]


def test_check_writes_junit_and_reports_an_invalid_card_with_the_others(
    no_aws: None, cards: Callable[..., Path], policy: Path, tmp_path: Path
) -> None:
    good, bad = cards("good.json", 0.91), cards("bad.json", 0.72)
    content = json.loads(good.read_text(encoding="utf-8"))
    content["model_overview"]["model_description"] = "bell\x07 <b>&amp;"
    content["intended_uses"]["purpose_of_model"] = "ok\x1b[31m"
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(content), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"model_overview": ', encoding="utf-8")
    junit = tmp_path / "report.xml"
    args = ["check", str(good), str(bad), str(odd), str(broken), "-p", str(policy)]
    result = CliRunner().invoke(app, [*args, "--junit", str(junit)])
    # THEN every card is checked, the invalid one is an error and the exit is 2 (usage)
    assert result.exit_code == EXIT_USAGE
    assert "broken.json is not JSON" in result.stderr
    root = ET.fromstring(junit.read_bytes())  # well-formed despite the control characters
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("10", "1", "1")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == [str(good), str(bad), str(odd), str(broken)]
    failure = suites[str(bad)].find("testcase/failure")
    assert failure is not None
    assert "fairness_score is 0.72" in (failure.get("message") or "")
    assert suites[str(broken)].find("testcase/error") is not None


def test_check_junit_into_a_missing_folder_is_one_usage_line(
    no_aws: None, cards: Callable[..., Path], policy: Path, tmp_path: Path
) -> None:
    good = cards("good.json", 0.91)
    junit = tmp_path / "no-such-folder" / "report.xml"
    args = ["check", str(good), "-p", str(policy), "--junit", str(junit)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"error: --junit {junit}: cannot write it: No such file or directory\n"


def test_approve_without_a_policy_is_refused_before_any_aws_call(
    smgov: Smgov, arn: str, policy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMGOV_POLICY", raising=False)
    result = smgov("approve", arn, "--reason", "ok")
    assert result.exit_code == EXIT_USAGE
    assert "give --policy FILE, set SMGOV_POLICY" in result.stderr
    assert "--no-policy" in result.stderr
    both = smgov("approve", arn, "-r", "ok", "--policy", str(policy), "--no-policy")
    assert both.exit_code == EXIT_USAGE
    assert "not both" in both.stderr


def test_smgov_policy_is_the_default_gate_and_no_policy_is_recorded(
    smgov: Smgov,
    people: People,
    register: Callable[..., str],
    policy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failing, passing = register(fairness=0.5), register()
    monkeypatch.setenv("SMGOV_POLICY", str(policy))
    blocked = smgov.json("approve", failing, "-r", "ok", who=people.officer, code=EXIT_REFUSED)
    assert blocked["error"]["kind"] == "policy_failed"
    approved = smgov.json("approve", passing, "-r", "ok", who=people.officer)
    assert approved["gate"] == "passed"
    monkeypatch.setenv("SMGOV_POLICY", str(policy.parent / "missing.yaml"))
    missing = smgov("approve", failing, "-r", "ok", who=people.officer)
    assert missing.exit_code == EXIT_USAGE
    assert "missing.yaml" in missing.stderr
    unguarded = smgov.json("approve", failing, "-r", "ok", "--no-policy", who=people.officer)
    assert unguarded["gate"] == "not-run"
    trail = smgov.json("history", failing, who=people.officer)
    (decision,) = [e for e in trail["events"] if e["kind"] == "decision"]
    assert decision["details"]["gate"] == "not-run"


def test_smgov_policy_may_name_an_s3_object(
    smgov: Smgov, people: People, arn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    s3 = people.officer.session.client("s3")
    s3.create_bucket(Bucket="policies")
    s3.put_object(Bucket="policies", Key="retail-credit.yaml", Body=POLICY.encode())
    monkeypatch.setenv("SMGOV_POLICY", "s3://policies/retail-credit.yaml")
    approved = smgov.json("approve", arn, "-r", "ok", who=people.officer)
    assert approved["gate"] == "passed"
    monkeypatch.setenv("SMGOV_POLICY", "s3://policies/none.yaml")
    missing = smgov("approve", arn, "-r", "ok", who=people.officer)
    assert missing.exit_code == EXIT_NOT_FOUND, missing.stderr


def test_a_reason_too_long_for_the_description_is_refused_and_nothing_written(
    smgov: Smgov, people: People, arn: str
) -> None:
    result = smgov("approve", arn, "--no-policy", "-r", "why " * 250, who=people.officer)
    assert result.exit_code == EXIT_USAGE
    assert "--reason: is 999 characters; ApprovalDescription holds 1024" in result.stderr
    assert smgov.json("show", arn)["approval_status"] == "PendingManualApproval"


def test_pending_for_a_group_that_does_not_exist_exits_3_naming_it(
    smgov: Smgov, people: People, arn: str
) -> None:
    result = smgov("pending", "--group", "credit-risk", "--group", "credit-rsik")
    assert result.exit_code == EXIT_NOT_FOUND
    assert "model package group 'credit-rsik' does not exist" in result.stderr
    # an existing group with nothing pending is an empty queue, not an error
    smgov("reject", arn, "-r", "no", who=people.officer)
    empty = smgov.json("pending", "--group", "credit-risk")
    assert empty == {"groups_scanned": 1, "pending": []}


def test_version_diff_shows_artifacts_and_hides_bookkeeping_unless_asked(
    smgov: Smgov, people: People, arn: str
) -> None:
    from sm_governance.card import ModelCard
    from sm_governance.registry import ModelRegistry

    from .conftest import GROUP, IMAGE

    # GIVEN a decided version and a retrained one (new model data, better fairness)
    smgov("approve", arn, "-r", "fine as is", "--no-policy", who=people.officer)
    retrained = (
        ModelRegistry(session=people.registrant.session)
        .register(
            GROUP,
            ModelCard.from_content(demo_card(1, auc=0.84, fairness=0.95)),
            image_uri=IMAGE,
            model_data_url="s3://m/retrained/model.tar.gz",
        )
        .arn
    )
    # WHEN they are compared
    data = smgov.json("diff", arn, retrained)
    paths = [c["path"] for c in data["changes"]]
    # THEN the artifact change is shown and the decision bookkeeping is counted, not listed
    assert "version.model_data_url" in paths
    assert not [p for p in paths if "governance:" in p or p == "version.approval_description"]
    assert data["hidden"] > 0
    table = smgov("diff", arn, retrained)
    assert f"{data['hidden']} bookkeeping change(s) not shown" in table.stdout
    everything = smgov.json("diff", arn, retrained, "--all")
    shown = {c["path"]: c for c in everything["changes"]}
    assert everything["hidden"] == 0
    assert "version.approval_description" in shown
    assert all("+20" not in json.dumps(c) for c in everything["changes"])


def test_tables_name_versions_group_slash_version_and_show_arns_when_asked(
    smgov: Smgov, people: People, arn: str
) -> None:
    # GIVEN one pending version; WHEN the queue is listed THEN it is named credit-risk/1
    queue = smgov("pending", who=people.officer)
    assert "credit-risk/1" in queue.stdout
    assert "arn:aws" not in queue.stdout
    created = smgov.json("show", arn)["created_at"]
    assert created in queue.stdout  # the same ISO 8601 UTC time as in JSON
    wide = smgov("pending", "--wide", who=people.officer)
    assert arn in wide.stdout.replace("\n", "")
    assert any(arn in line for line in wide.stdout.splitlines())  # never folded
    # the short form works as input for the officer's commands
    decided = smgov.json("approve", "credit-risk/1", "-r", "ok", "--no-policy", who=people.officer)
    assert decided["arn"] == arn
    assert smgov.json("history", "credit-risk/1")["arn"] == arn
    lines = smgov("reject", "credit-risk/1", "-r", "no", "--expected-status", "Approved")
    assert lines.stdout.startswith("Rejected credit-risk/1")


def test_show_is_labelled_fields_with_metrics_as_tables(smgov: Smgov, arn: str) -> None:
    text = smgov("show", "credit-risk/1").stdout
    assert text.startswith("credit-risk/1\n")
    assert "Card: Intended uses" in text
    assert "risk rating" in text
    assert "Metrics: holdout-v1 / metric groups / quality" in text
    assert '{"' not in text  # no section printed as raw JSON


def test_smgov_policy_schema_prints_the_schema(no_aws: None) -> None:
    from sm_governance.policy import policy_json_schema

    result = CliRunner().invoke(app, ["policy", "schema", "-o", "json"])
    assert result.exit_code == EXIT_OK
    assert json.loads(result.stdout) == policy_json_schema()


def test_the_ledger_options_are_global_options_too() -> None:
    line = ["verify", "credit-risk/2", "--ledger", "s3://b/p"]
    line += ["--signing-key", "alias/k", "-o", "json"]
    assert hoist_globals(ROOT, line) == [
        "--ledger",
        "s3://b/p",
        "--signing-key",
        "alias/k",
        "-o",
        "json",
        "verify",
        "credit-risk/2",
    ]


def test_each_command_help_names_the_global_options() -> None:
    for line in (["pending", "--help"], ["policy", "schema", "-h"], ["verify", "--help"]):
        result = CliRunner().invoke(app, line, env={"COLUMNS": "200"})
        assert result.exit_code == EXIT_OK
        assert "Global options (before or after the command): --endpoint-url, --ledger" in (
            result.stdout
        )


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["-o", "json", "--output=json", "-ojson", "--region", "--", "-", "pending", "show"]
            ),
            st.sampled_from(["render", "-o", "--out", "policy", "schema", "--wide", "-h"]),
            st.text(max_size=8),
        ),
        max_size=12,
    )
)
def test_moving_global_options_never_fails_and_keeps_every_token(line: list[str]) -> None:
    moved = hoist_globals(ROOT, line)
    assert sorted(moved) == sorted(line)


def test_diff_and_render_take_group_slash_version(
    smgov: Smgov, people: People, register: Callable[..., str]
) -> None:
    register(fairness=0.7)
    register(fairness=0.9)
    changed = smgov("diff", "credit-risk/1", "credit-risk/2", who=people.officer)
    assert changed.exit_code == EXIT_OK, changed.output
    assert "change(s) from credit-risk/1 to credit-risk/2" in changed.stdout
    rendered = smgov("render", "credit-risk/2", who=people.officer)
    assert rendered.exit_code == EXIT_OK, rendered.output
    assert "credit-risk" in rendered.stdout
