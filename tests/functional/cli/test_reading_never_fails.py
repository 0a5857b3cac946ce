"""Reading never fails: a card SageMaker stored that breaks a rule of ours is still read.

The local SageMaker validates card content against the card's JSON schema, as SageMaker
does; these cards pass that schema but break rules this product applies when *writing*
(list bounds and metric types of the SageMaker Python SDK, closed metric groups).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sm_governance.cli import EXIT_OK, EXIT_REFUSED
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People

from .conftest import GROUP, IMAGE, Smgov, create_raw

STORED: dict[str, Any] = {
    "model_overview": {"model_creator": "Ana", "model_artifact": ["s3://m/a"] * 16},
    "intended_uses": {"purpose_of_model": "credit scoring", "risk_rating": "Low"},
    "evaluation_details": [
        {
            "name": "holdout",
            "metric_groups": [
                {
                    "name": "quality",
                    "origin": "added by another tool",
                    "metric_data": [
                        {"name": "fairness_score", "type": "number", "value": 0.93},
                        {"name": "auc", "type": "number", "value": "0.84"},
                    ],
                }
            ],
        }
    ],
    "additional_information": {"custom_details": {"datazone_project_id": "c4x7p2demo9prj"}},
}
PROBLEMS = [
    "model_overview.model_artifact",
    "evaluation_details[0].metric_groups[0].metric_data[1].value",
    "evaluation_details[0].metric_groups[0].origin",
]


@pytest.fixture
def stored_arn(people: People) -> str:
    # GIVEN a version registered with plain boto3 (not through this product's strict model)
    return create_raw(
        people.registrant, json.dumps(STORED), ModelApprovalStatus="PendingManualApproval"
    )


def test_get_reads_it_with_its_problems(people: People, stored_arn: str) -> None:
    version = ModelRegistry(session=people.officer.session).get(stored_arn)
    assert [p.path for p in version.card_problems] == PROBLEMS
    assert version.card is not None
    assert version.card.intended_uses is not None
    assert version.card.intended_uses.purpose_of_model == "credit scoring"
    metrics = version.card.to_content()["evaluation_details"][0]["metric_groups"][0]
    assert metrics["metric_data"] == [{"name": "fairness_score", "type": "number", "value": 0.93}]
    assert json.loads(version.card_content or "") == STORED


def test_show_warns_and_json_keeps_every_stored_key(smgov: Smgov, stored_arn: str) -> None:
    table = smgov("show", stored_arn)
    assert table.exit_code == EXIT_OK, table.output
    warnings = [line for line in table.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == len(PROBLEMS)
    assert "metric_groups[0].origin" in table.stderr
    data: Any = smgov.json("show", stored_arn)
    assert data["card"] == STORED  # the unknown key and the out-of-rule values survive
    assert [p["path"] for p in data["card_problems"]] == PROBLEMS


def test_history_render_diff_and_check_read_it(
    smgov: Smgov, stored_arn: str, arn: str, policy_file: Path
) -> None:
    assert smgov("history", stored_arn).exit_code == EXIT_OK
    rendered = smgov("render", stored_arn)
    assert rendered.exit_code == EXIT_OK, rendered.output
    assert "credit scoring" in rendered.stdout
    assert "warning:" in rendered.stderr
    changes = smgov.json("diff", arn, stored_arn)
    assert changes["changes"]
    checked = smgov("check", stored_arn, "--policy", str(policy_file))
    assert checked.exit_code in (EXIT_OK, EXIT_REFUSED), checked.output
    assert "model_artifact" in checked.stderr
    report = smgov.json("check", stored_arn, "--policy", str(policy_file))
    assert [p.split(":")[0] for p in report["card_problems"]] == PROBLEMS
    assert (
        report["passed"] is True
    )  # fairness 0.93 and the purpose survive; the bad auc does not matter here


def test_warnings_never_carry_control_characters(smgov: Smgov, people: People) -> None:
    # GIVEN a stored card whose unknown key (in a metric group, where the schema allows
    # one) holds terminal escapes and a bidi override
    client = people.registrant.session.client("sagemaker")
    hostile = json.loads(json.dumps(STORED))
    hostile["evaluation_details"][0]["metric_groups"][0]["\x1b[2J\u202eevil\x07"] = 1
    arn = client.create_model_package(
        ModelPackageGroupName=GROUP,
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": IMAGE}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        ModelCard={"ModelCardContent": json.dumps(hostile), "ModelCardStatus": "Draft"},
    )["ModelPackageArn"]
    # WHEN it is shown THEN the warning names the key with every control character escaped
    shown = smgov("show", arn)
    assert shown.exit_code == EXIT_OK, shown.output
    assert "evil" in shown.stderr
    assert not any(ch in shown.stderr for ch in "\x1b\x07\u202e")
