"""Entries record the ARN SageMaker returned, never the ARN as typed.

SageMaker keeps a group's name as created (``ModelPackageGroupName``, pattern
``[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}``) but names its versions in lower case in
``ModelPackageArn`` (the local SageMaker does the same; see ``testing/_handlers.py``).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from sm_governance.approval import ApprovalDesk
from sm_governance.errors import AwsError
from sm_governance.ledger import LedgerLocation
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People

from .conftest import IMAGE, PROJECT, LedgerSetup, card

GROUP = "Credit-Risk"


def _register(people: People) -> str:
    registry = ModelRegistry(session=people.registrant.session)
    registry.ensure_group(GROUP, datazone_project_id=PROJECT)
    return registry.register(
        GROUP, card(), image_uri=IMAGE, model_data_url="s3://models/credit-risk/model.tar.gz"
    ).arn


def test_the_local_sagemaker_names_versions_in_lower_case_and_keeps_the_group_name(
    people: People,
) -> None:
    arn = _register(people)
    assert arn.endswith(":model-package/credit-risk/1")
    described = people.registrant.session.client("sagemaker").describe_model_package(
        ModelPackageName=arn
    )
    assert described["ModelPackageArn"] == arn
    assert described["ModelPackageGroupName"] == GROUP
    # AND it is found as <group as created>/<version>, not under an ARN spelt otherwise
    client = people.registrant.session.client("sagemaker")
    assert client.describe_model_package(ModelPackageName=f"{GROUP}/1")["ModelPackageArn"] == arn
    with pytest.raises(ClientError, match="does not exist"):
        client.describe_model_package(ModelPackageName=arn.replace("credit-risk", GROUP))


def _case_blind(params: dict[str, Any], **_: Any) -> None:
    """SageMaker may find a version under an ARN spelt in another case: sent as SageMaker
    spells it, the typed ARN still reaches the product's code unchanged."""
    for key in ("ModelPackageName", "ModelPackageArn"):
        value = params.get(key)
        if isinstance(value, str) and value.startswith("arn:"):
            head, _sep, resource = value.partition(":model-package/")
            params[key] = f"{head}:model-package/{resource.lower()}"


def test_an_approval_under_a_variant_of_the_arn_records_sagemakers_arn_and_verifies(
    people: People, ledger_setup: LedgerSetup
) -> None:
    # GIVEN Credit-Risk/1 (SageMaker's ARN names it credit-risk/1), and an officer whose
    # SageMaker finds it under the ARN as typed, in the group's own case
    arn = _register(people)
    typed = arn.replace("/credit-risk/", f"/{GROUP}/")
    assert typed != arn
    officer = ApprovalDesk(
        session=people.officer.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    officer.client.meta.events.register("before-parameter-build.sagemaker.*", _case_blind)
    # WHEN the officer approves the typed ARN
    decision = officer.approve(typed, reason="Meets retail-credit")
    # THEN the decision and its entry name SageMaker's ARN, in SageMaker's folder
    assert decision.arn == arn
    folder = LedgerLocation.parse(ledger_setup.url).folder(arn)
    assert decision.ledger_entry == f"s3://{ledger_setup.bucket}/{folder}1.json"
    ledger = officer.ledger
    assert ledger is not None
    (entry,) = ledger.read(arn).entries
    assert entry["arn"] == arn
    # AND it verifies, read under SageMaker's ARN or the typed one
    auditor = ApprovalDesk(
        session=people.registrant.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    assert auditor.verify(arn).problems == ()
    assert officer.verify(typed).problems == ()


def _answers_for(asked: str, answered: str) -> Any:
    """A SageMaker (or a proxy in front of it) that answers ``asked`` with another version."""

    def swap(params: dict[str, Any], **_: Any) -> None:
        for key in ("ModelPackageName", "ModelPackageArn"):
            if params.get(key) == asked:
                params[key] = answered

    return swap


def test_an_answer_about_another_version_is_neither_decided_nor_verified(
    people: People, ledger_setup: LedgerSetup
) -> None:
    # GIVEN credit-risk/1 approved and verified, and credit-risk/2 waiting for review
    first = _register(people)
    second = _register(people)
    officer = ApprovalDesk(
        session=people.officer.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    officer.approve(first, reason="Meets retail-credit")
    # AND a SageMaker that answers questions about version 2 with version 1
    officer.client.meta.events.register(
        "before-parameter-build.sagemaker.*", _answers_for(second, first)
    )
    # WHEN version 2 is verified THEN it does not verify on version 1's approval
    with pytest.raises(AwsError, match="another version"):
        officer.verify(second)
    # AND an officer deciding version 2 never writes version 1's status or ledger
    with pytest.raises(AwsError, match="another version"):
        officer.reject(second, reason="Not this one", expected_status="Approved")
    ledger = officer.ledger
    assert ledger is not None
    assert len(ledger.read(first).entries) == 1
    client = people.registrant.session.client("sagemaker")
    assert client.describe_model_package(ModelPackageName=first)["ModelApprovalStatus"] == (
        "Approved"
    )
