"""Evidence an auditor keeps: the EU AI Act Annex IV checklist, the card as PDF, the bundle.

- :func:`annex_iv_checklist`: each Annex IV item covered, missing, or out of the card's reach,
  from the published crosswalk ``annex_iv.yaml`` (see ``docs/annex-iv.md``). Pure.
- :func:`render_pdf`: an HTML page (the rendered card) as PDF, with WeasyPrint (the optional
  ``[pdf]`` extra, imported on first use).
- :func:`build_bundle` (AWS reads) / :func:`assemble_bundle` (pure): the evidence bundle of
  one version, an :class:`EvidenceBundle` written as a deterministic zip.
- :func:`verify_bundle`: check a bundle offline, every problem naming its file.

Example:
    >>> from sm_governance.evidence import annex_iv_checklist
    >>> annex_iv_checklist({}).summary
    "0 covered, 6 missing, 3 out of the card's reach"
"""

from __future__ import annotations

from sm_governance.evidence._build import annex_iv_for, build_bundle
from sm_governance.evidence._bundle import EvidenceBundle, assemble_bundle
from sm_governance.evidence._checklist import (
    AnnexIvChecklist,
    ItemResult,
    ItemStatus,
    annex_iv_checklist,
)
from sm_governance.evidence._pdf import PDF_INSTALL_HINT, render_pdf
from sm_governance.evidence._verify import BundleVerification, verify_bundle
from sm_governance.evidence._zip import UnsafeZipError

__all__ = [
    "PDF_INSTALL_HINT",
    "AnnexIvChecklist",
    "BundleVerification",
    "EvidenceBundle",
    "ItemResult",
    "ItemStatus",
    "UnsafeZipError",
    "annex_iv_checklist",
    "annex_iv_for",
    "assemble_bundle",
    "build_bundle",
    "render_pdf",
    "verify_bundle",
]
