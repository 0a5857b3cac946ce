"""Bundles of versions whose approval does not hold: `verify --bundle` must say so too."""

from __future__ import annotations

from pathlib import Path

from sm_governance.card import ModelCard
from sm_governance.evidence import build_bundle, verify_bundle
from sm_governance.policy import load_policy
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People

from .conftest import GROUP, IMAGE, Approved, high_risk_card

QUORUM = load_policy(
    "policy: high-risk-quorum\nrequire: [intended_uses.purpose_of_model]\n"
    "approvals_required: {High: 2}\n"
)


def test_a_bundle_of_an_open_quorum_round_does_not_verify(
    approved: Approved, two_people: People, tmp_path: Path
) -> None:
    # GIVEN a second High-risk version that needs two officers, approved by one so far
    arn = (
        ModelRegistry(session=two_people.registrant.session)
        .register(
            GROUP,
            ModelCard.from_content(high_risk_card()),
            image_uri=IMAGE,
            model_data_url="s3://models/credit-risk/two.tar.gz",
        )
        .arn
    )
    vote = approved.officer.approve(arn, reason="First of two", policy=QUORUM)
    assert not vote.in_effect
    assert not approved.officer.verify(arn).verified
    # WHEN the officer builds its bundle and an auditor checks it
    bundle = build_bundle(arn, desk=approved.officer, pdf=False, out=tmp_path / "e.zip")
    assert bundle.signed
    result = verify_bundle(tmp_path / "e.zip", public_key=approved.public_key)
    # THEN the bundle does not verify either, for the reason `smgov verify` gives
    assert result.problems == (
        "version/description.json: not approved: SageMaker shows PendingManualApproval",
        "ledger/entries/1.json: quorum: 1 of 2 approvals recorded; the version is not approved "
        "until the quorum is complete",
    )
