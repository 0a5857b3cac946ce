"""Evidence an auditor keeps: the EU AI Act Annex IV checklist, the card as PDF, the bundle.

- :func:`annex_iv_checklist`: each Annex IV item covered, missing, or out of the card's reach,
  from the published crosswalk ``annex_iv.yaml`` (see ``docs/annex-iv.md``). Pure.

Example:
    >>> from sm_governance.evidence import annex_iv_checklist
    >>> annex_iv_checklist({}).summary
    "0 covered, 6 missing, 3 out of the card's reach"
"""

from __future__ import annotations

from sm_governance.evidence._checklist import (
    AnnexIvChecklist,
    ItemResult,
    ItemStatus,
    annex_iv_checklist,
)

__all__ = ["AnnexIvChecklist", "ItemResult", "ItemStatus", "annex_iv_checklist"]
