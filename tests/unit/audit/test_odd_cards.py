"""Reading never fails: an audit reads cards that SageMaker's schema would refuse."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from sm_governance.audit._due import scan_due
from sm_governance.audit._scan import scan
from sm_governance.policy import load_policy

ODD_CARDS = [
    "{not json",
    json.dumps(["a list"]),
    json.dumps({"intended_uses": "High", "additional_information": "none"}),
    json.dumps({"intended_uses": ["High"], "additional_information": ["x"]}),
    json.dumps({"intended_uses": {"risk_rating": ""}}),
    "[" * 50_000 + "]" * 50_000,  # nests past the JSON parser's recursion limit
]


class _Registry:
    """A SageMaker client whose ``Search`` returns one page of the given versions."""

    def __init__(self, status: str) -> None:
        self.packages = [
            {
                "ModelPackageArn": f"arn:aws:sagemaker:us-east-1:111122223333:model-package/g/{n}",
                "ModelPackageGroupName": "g",
                "ModelPackageVersion": n,
                "ModelApprovalStatus": status,
                "ModelCard": {"ModelCardContent": content, "ModelCardStatus": "Draft"},
            }
            for n, content in enumerate(ODD_CARDS, start=1)
        ]

    def search(self, **_: Any) -> dict[str, Any]:
        return {"Results": [{"ModelPackage": p} for p in self.packages]}


def test_a_scan_reads_every_odd_card_and_reports_it() -> None:
    report = scan(_Registry("PendingManualApproval"))
    assert report.versions == len(ODD_CARDS)
    assert [f.kind for f in report.findings] == ["no_datazone_project"] * len(ODD_CARDS)


def test_due_reads_every_odd_card_as_having_no_risk_rating() -> None:
    # GIVEN Approved versions with odd cards, no signed approval, a policy with one interval
    ledger = SimpleNamespace(read=lambda arn: SimpleNamespace(entries=[]))
    policy = load_policy("policy: p\nreview_every: 1y\n")
    # WHEN the re-certification dates are listed THEN each is due now, with no rating
    found = scan_due(_Registry("Approved"), ledger, policy)
    assert [(item.risk_rating, item.overdue) for item in found] == [(None, True)] * len(ODD_CARDS)
