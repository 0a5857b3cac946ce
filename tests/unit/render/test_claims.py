"""What a registrant can write is shown as a claim, never as the officer's word.

The version's metadata (``governance:gate``, ``governance:override``) and its
``ApprovalDescription`` can be rewritten by anyone who may update the version, the registrant
included: the signed decision ledger is the record (``smgov verify``, ``smgov history``).
"""

from __future__ import annotations

import io
from typing import Any

from sm_governance.render import render

FAKE = "Waived by the chief risk officer"


def _hostile(version: dict[str, Any]) -> dict[str, Any]:
    # GIVEN an Approved version whose registrant wrote a fake override and a fake note
    version.update(
        approval_status="Approved",
        approval_description=f"APPROVED by the CRO: {FAKE}",
        customer_metadata={"governance:gate": "overridden", "governance:override": FAKE},
    )
    return version


def _words(text: str) -> str:
    return " ".join(text.split())


def test_markdown_shows_a_metadata_override_and_the_description_as_unverified_claims(
    version: dict[str, Any], report: dict[str, Any]
) -> None:
    text = _words(render(_hostile(version), format="md", policy_report=report))
    # THEN neither is presented as the officer's decision
    assert "overridden by the approval" not in text
    assert "approved although the gate failed, with this justification" not in text
    assert "Approval note" not in text
    # AND both are there, labelled as unverified claims
    assert "## Policy gate: failed (override claimed, unverified)" in text
    claim = "Unverified claim in the version's metadata: the gate was overridden"
    assert f"{claim} with the justification: {FAKE}" in text
    assert "| Approval description (unverified claim) |" in text


def test_html_shows_them_as_unverified_claims(
    version: dict[str, Any], report: dict[str, Any]
) -> None:
    text = _words(render(_hostile(version), format="html", policy_report=report))
    assert "overridden by the approval" not in text
    assert "Approval note" not in text
    assert ">failed (override claimed, unverified)</span>" in text
    assert 'class="claim"' in text
    assert "Unverified claim in the version's metadata" in text
    assert "Approval description (unverified claim)" in text


def test_the_pdf_shows_them_as_unverified_claims(
    version: dict[str, Any], report: dict[str, Any]
) -> None:
    from pypdf import PdfReader

    from sm_governance.evidence import render_pdf

    pdf = render_pdf(render(_hostile(version), format="html", policy_report=report))
    text = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "overridden by the approval" not in text
    assert "Approval note" not in text
    assert "override claimed, unverified" in text
    assert "Unverified claim in the version's metadata" in text
    assert "Approval description (unverified claim)" in text
