"""The evidence bundle of an approved version, read from the local SageMaker and ledger."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.evidence import build_bundle, verify_bundle
from sm_governance.policy import load_policy
from sm_governance.testing import People

from .conftest import Approved


def test_a_bundle_for_an_approved_version_verifies_offline(
    approved: Approved, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the officer builds the bundle (they may sign)
    bundle = build_bundle(
        approved.arn,
        desk=approved.officer,
        policies=["eu-ai-act-high-risk"],
        out=tmp_path / "evidence.zip",
    )
    assert bundle.signed
    assert bundle.entries == 1
    # WHEN it is checked with no AWS at all
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    result = verify_bundle(tmp_path / "evidence.zip", public_key=approved.public_key)
    # THEN every check holds
    assert result.problems == ()
    assert result.manifest_signed
    assert result.decision is not None
    assert result.decision["reason"] == "Annex IV documentation complete"
    with zipfile.ZipFile(tmp_path / "evidence.zip") as archive:
        names = set(archive.namelist())
        gate = json.loads(archive.read("gate/1-eu-ai-act-high-risk.json"))
        checklist = json.loads(archive.read("annex-iv/checklist.json"))
        pdf = archive.read("card/card.pdf")
    assert {"card/card.pdf", "card/card.json", "ledger/entries/1.json", "VERIFY.md"} <= names
    assert pdf.startswith(b"%PDF-")
    # the gate report is the one the decision recorded
    assert gate["report"]["passed"] is True
    assert gate["recorded_in"] == [1]
    statuses = {item["item"]: item["status"] for item in checklist["items"]}
    assert statuses["3"] == "covered"  # a signed decision by another person
    assert statuses["5"] == "covered"
    assert statuses["6"] == "covered"


def test_a_bundle_made_without_the_signing_key_does_not_verify(
    approved: Approved, tmp_path: Path
) -> None:
    # GIVEN a desk that knows the ledger's public key but has no signing key
    bundle = build_bundle(approved.arn, desk=approved.registrant, pdf=False)
    assert not bundle.signed
    assert "ledger/public-key.der" not in bundle.files
    # THEN the decisions check out with the key the auditor trusts, but the bundle as a whole
    # does not verify: nothing proves its renderings
    result = verify_bundle(bundle.write(tmp_path / "e.zip"), public_key=approved.public_key)
    (problem,) = result.problems
    assert problem.startswith("manifest.sig: missing, so nothing proves")
    # AND without any key nothing can be checked
    bare = verify_bundle(tmp_path / "e.zip")
    assert "ledger/public-key.der: missing, so no signature can be checked" in bare.problems


def test_a_signer_refused_by_kms_leaves_the_manifest_unsigned(
    approved: Approved, tmp_path: Path
) -> None:
    from botocore.exceptions import ClientError

    from sm_governance.errors import AccessDeniedError
    from sm_governance.evidence._build import _manifest_signer

    class DeniedKms:
        def sign(self, **_: object) -> dict[str, bytes]:
            error = {"Error": {"Code": "AccessDeniedException", "Message": "no kms:Sign"}}
            raise ClientError(error, "Sign")  # type: ignore[arg-type]

    ledger = approved.officer.ledger
    assert ledger is not None
    assert ledger.signer is not None
    ledger.signer.client = DeniedKms()
    assert _manifest_signer(ledger, None)(b"message") is None
    with pytest.raises(AccessDeniedError):
        _manifest_signer(ledger, True)(b"message")
    assert _manifest_signer(ledger, False) is None


def test_a_bad_policy_is_refused_before_any_aws_call(approved: Approved) -> None:
    from sm_governance.errors import ValidationError

    with pytest.raises(ValidationError, match="bundled: eu-ai-act-high-risk"):
        build_bundle(approved.arn, desk=approved.officer, policies=["no-such-policy"])
    assert load_policy("eu-ai-act-high-risk").name == "eu-ai-act-high-risk"


def test_building_costs_one_read_of_each_store_and_two_kms_calls(
    approved: Approved, two_people: People
) -> None:
    # GIVEN a fresh desk for the officer, each AWS call recorded
    calls: list[str] = []
    session = two_people.officer.session
    session.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    ledger = approved.officer.ledger
    assert ledger is not None
    assert ledger.signer is not None
    desk = ApprovalDesk(
        session=session, ledger=ledger.location.url, signing_key=ledger.signer.key_id
    )
    # WHEN it builds the bundle of a version with one decision
    build_bundle(approved.arn, desk=desk, pdf=False)
    # THEN: the version, the ledger listing, the entry, the public key, the manifest signature
    assert calls == [
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObject",
        "GetPublicKey",
        "Sign",
    ]


def test_the_card_documents_show_a_rewritten_approval_description_as_a_claim(
    approved: Approved, tmp_path: Path
) -> None:
    # GIVEN the registrant rewrites the approval description after the approval
    client = approved.registrant.client
    fake = "APPROVED by the chief risk officer, no conditions"
    client.update_model_package(ModelPackageArn=approved.arn, ApprovalDescription=fake)
    # WHEN the officer builds the bundle
    build_bundle(approved.arn, desk=approved.officer, out=tmp_path / "evidence.zip")
    with zipfile.ZipFile(tmp_path / "evidence.zip") as archive:
        markdown = archive.read("card/card.md").decode()
        html = archive.read("card/card.html").decode()
        pdf = archive.read("card/card.pdf")
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # THEN Markdown, HTML and PDF show the text as an unverified claim, never as a note
    for document in (markdown, html, " ".join(text.split())):
        assert "Approval note" not in document
        assert "Approval description (unverified claim)" in document
        assert "chief risk officer" in document


def test_the_checklist_of_a_version_names_a_ledger_stored_wrongly(
    approved: Approved, two_people: People
) -> None:
    from sm_governance.evidence import annex_iv_for

    from .conftest import BUCKET

    # GIVEN an approved version whose item 6 holds
    before = annex_iv_for(approved.arn, desk=approved.officer)
    assert before.items[5].status.value == "covered"
    # WHEN someone who may write to the bucket (but not sign) puts an object among its entries
    ledger = approved.officer.ledger
    assert ledger is not None
    folder = ledger.read(approved.arn).folder
    s3 = two_people.officer.session.client("s3")
    s3.put_object(Bucket=BUCKET, Key=f"{folder}1.json.planted", Body=b"{}")
    # THEN `render --annex-iv` no longer says every recorded decision is there
    after = annex_iv_for(approved.arn, desk=approved.officer)
    assert after.items[5].status.value == "missing"
    assert any("reading the ledger found 1 problem(s)" in t for t in after.items[5].missing)
    assert not approved.officer.verify(approved.arn).verified
