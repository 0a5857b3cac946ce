"""One ledger bucket shared by several accounts and regions (a central governance account).

Entries live at ``PREFIX/<account>/<region>/<group>/<version>/<seq>.json``, taken from the
version's ARN: ``credit-risk/1`` of two regions (or two accounts) are two versions with two
ledgers, never one folder.
"""

from __future__ import annotations

from typing import Any

import boto3

from sm_governance.approval import ApprovalDesk
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People
from sm_governance.testing._identity import new_session

from .conftest import GROUP, IMAGE, PROJECT, LedgerSetup, card

OTHER_REGION = "eu-west-1"


def _in_region(session: boto3.Session, region: str) -> boto3.Session:
    """The same person's credentials in another region."""
    creds = session.get_credentials()
    assert creds is not None
    return new_session(
        aws_access_key_id=creds.access_key,
        aws_secret_access_key=creds.secret_key,
        aws_session_token=creds.token,
        region_name=region,
    )


def _keys(setup: LedgerSetup) -> list[str]:
    listed = setup.s3.list_object_versions(Bucket=setup.bucket, Prefix="decisions/")
    return sorted(str(item["Key"]) for item in listed.get("Versions", []))


def test_two_regions_sharing_one_ledger_bucket_both_approve_and_both_verify(
    people: People, arn: str, ledger_setup: LedgerSetup, recorded: ApprovalDesk
) -> None:
    # GIVEN credit-risk/1 registered in us-east-1 and, by the same team, in eu-west-1
    registrant = _in_region(people.registrant.session, OTHER_REGION)
    registry = ModelRegistry(session=registrant)
    registry.ensure_group(GROUP, datazone_project_id=PROJECT)
    other = registry.register(
        GROUP, card(), image_uri=IMAGE, model_data_url="s3://models/credit-risk/model.tar.gz"
    ).arn
    assert other.rsplit("/", 2)[-2:] == arn.rsplit("/", 2)[-2:]
    assert other != arn
    # AND one officer desk per region, both on the one ledger bucket and signing key
    there = ApprovalDesk(
        session=_in_region(people.officer.session, OTHER_REGION),
        ledger=ledger_setup.url,
        signing_key=ledger_setup.key,
        s3_client=ledger_setup.s3,
        kms_client=ledger_setup.kms,
    )
    # WHEN each region's officer approves its own credit-risk/1
    here_decision = recorded.approve(arn, reason="Meets retail-credit in us-east-1")
    there_decision = there.approve(other, reason="Meets retail-credit in eu-west-1")
    # THEN both are recorded, each in its own account and region folder
    account = arn.split(":")[4]
    assert _keys(ledger_setup) == [
        f"decisions/{account}/{OTHER_REGION}/{GROUP}/1/1.json",
        f"decisions/{account}/us-east-1/{GROUP}/1/1.json",
    ]
    assert here_decision.ledger_entry == (
        f"s3://{ledger_setup.bucket}/decisions/{account}/us-east-1/{GROUP}/1/1.json"
    )
    assert there_decision.ledger_entry == (
        f"s3://{ledger_setup.bucket}/decisions/{account}/{OTHER_REGION}/{GROUP}/1/1.json"
    )
    # AND both verify, and each history shows only its own decision, verified
    results: list[Any] = [recorded.verify(arn), there.verify(other)]
    assert [r.problems for r in results] == [(), ()]
    assert all(r.verified for r in results)
    for desk, version, reason in (
        (recorded, arn, "us-east-1"),
        (there, other, "eu-west-1"),
    ):
        events = [e for e in desk.history(version).events if e.verified]
        assert len(events) == 1
        assert reason in str(events[0].to_dict())
