"""A registrant and an officer under the local SageMaker, with a version waiting for review."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.card import ModelCard
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People, create_ledger, demo_card

GROUP = "credit-risk"
PROJECT = "c4x7p2demo9prj"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"

POLICY = """
policy: retail-credit
version: 1
require:
  - intended_uses.purpose_of_model
  - business_details.business_problem
metrics:
  fairness_score: ">= 0.8"
  p95_latency_ms: "<= 500"
datazone_project: required
"""


def ledger_folder(arn: str) -> str:
    """``decisions/<account>/<region>/<group>/<version>/``: where a version's entries are."""
    _, _, _, region, account, resource = arn.split(":", 5)
    return f"decisions/{account}/{region}/{resource.removeprefix('model-package/')}/"


@dataclass
class Calls:
    """Every AWS operation a session's clients sent, in order (botocore event hooks)."""

    names: list[str] = field(default_factory=list)

    def record(self, model: Any, **_: Any) -> None:
        self.names.append(model.name)

    def clear(self) -> None:
        self.names.clear()


def card(*, fairness: float = 0.91, version: int = 1) -> ModelCard:
    return ModelCard.from_content(demo_card(version, auc=0.84, fairness=fairness))


@pytest.fixture
def people(two_people: People) -> People:
    ModelRegistry(session=two_people.registrant.session).ensure_group(
        GROUP, datazone_project_id=PROJECT
    )
    return two_people


@pytest.fixture
def register(people: People) -> Callable[..., str]:
    registry = ModelRegistry(session=people.registrant.session)

    def make(fairness: float = 0.91, **kwargs: Any) -> str:
        version = registry.register(
            GROUP,
            card(fairness=fairness),
            image_uri=IMAGE,
            model_data_url="s3://models/credit-risk/model.tar.gz",
            **kwargs,
        )
        return version.arn

    return make


@pytest.fixture
def arn(register: Callable[..., str]) -> str:
    return register()


@pytest.fixture
def officer_calls(people: People) -> Calls:
    calls = Calls()
    people.officer.session.events.register("before-call.*.*", calls.record)
    return calls


@pytest.fixture
def officer(people: People, officer_calls: Calls) -> ApprovalDesk:
    return ApprovalDesk(session=people.officer.session)


@pytest.fixture
def registrant(people: People) -> ApprovalDesk:
    return ApprovalDesk(session=people.registrant.session)


@pytest.fixture
def describe(people: People) -> Callable[[str], dict[str, Any]]:
    client = people.registrant.session.client("sagemaker")

    def read(arn: str) -> dict[str, Any]:
        return dict(client.describe_model_package(ModelPackageName=arn))

    return read


@dataclass(frozen=True)
class LedgerSetup:
    """A locked ledger bucket and a signing key in the local account."""

    url: str
    bucket: str
    key: str
    s3: Any
    kms: Any


def plant(setup: LedgerSetup, arn: str, **fields: Any) -> dict[str, Any]:
    """Put an unsigned "decision" entry in the version's ledger with plain ``put_object``: what
    someone who may write to the bucket but cannot sign can do. ``fields`` override the
    defaults (entry 1, an approval, a signature that is only the right shape)."""
    entry: dict[str, Any] = {
        "format": "smgov-ledger/1",
        "seq": 1,
        "prev": None,
        "kind": "decision",
        "arn": arn,
        "group": GROUP,
        "version": int(arn.rsplit("/", 1)[1]),
        "decision": "Approved",
        "decision_id": "planted",
        "reason": "planted",
        "previous_status": "PendingManualApproval",
        "subject_digest": None,
        "subject_parts": {},
        "decider": None,
        "registrant": None,
        "allow_unknown_registrant": False,
        "time": "2026-01-01T00:00:00.000Z",
        "gate": "not-run",
        "policy": None,
        "gate_report_digest": None,
        "override_justification": None,
        "card_status": None,
        "signature": {"key_id": "none", "algorithm": "ECDSA_SHA_256", "value": "AAAA"},
        **fields,
    }
    setup.s3.put_object(
        Bucket=setup.bucket,
        Key=f"{ledger_folder(arn)}{entry['seq']}.json",
        Body=json.dumps(entry).encode(),
    )
    return entry


def ledger_keys(setup: LedgerSetup, arn: str) -> list[str]:
    """The object keys in the version's ledger folder."""
    listed = setup.s3.list_objects_v2(Bucket=setup.bucket, Prefix=ledger_folder(arn))
    return sorted(o["Key"] for o in listed.get("Contents", []))


@pytest.fixture
def ledger_setup(people: People) -> LedgerSetup:
    session = people.officer.session
    made = create_ledger(session=session)
    return LedgerSetup(
        url=made.uri,
        bucket=made.bucket,
        key=made.key_alias,
        s3=session.client("s3"),
        kms=session.client("kms"),
    )


@pytest.fixture
def recorded(people: People, ledger_setup: LedgerSetup, officer_calls: Calls) -> ApprovalDesk:
    """The officer's desk with the decision ledger."""
    return ApprovalDesk(
        session=people.officer.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )


@pytest.fixture
def auditor(people: People, ledger_setup: LedgerSetup) -> ApprovalDesk:
    """A desk that only verifies (what a deployment pipeline runs)."""
    return ApprovalDesk(
        session=people.officer.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
