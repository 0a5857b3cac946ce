"""The Annex IV crosswalk: the published data file ``annex_iv.yaml``, read and checked.

Every card path in the file is checked against the model card schema (as a policy's paths
are), and every fact name against the facts :mod:`sm_governance.evidence._facts` computes, so
a typo in the published mapping is an error when it is read, not an item that never passes.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sm_governance.policy._paths import check_card_path, parse_path

__all__ = ["FACTS", "CardEvidence", "Crosswalk", "CrosswalkItem", "FactEvidence", "crosswalk"]

#: The facts a crosswalk item may name, and how the checklist describes each one.
FACTS: dict[str, str] = {
    "version": "the version's group and number",
    "inference_images": "the inference images, each with its digest",
    "model_data": "the model artefacts, each with its ETag",
    "training_job": "the training job that produced the model",
    "decision": "a signed decision in the ledger",
    "ledger_chain": "the version's signed, hash-chained ledger entries",
    "gate_report": "a policy gate report recorded with a decision",
    "model_metrics": "SageMaker ModelMetrics reports",
    "drift_baselines": "SageMaker DriftCheckBaselines",
    "lifecycle": "a ModelLifeCycle stage",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CardEvidence(_Frozen):
    """A card field that evidences part of an item."""

    path: str
    answers: str

    @field_validator("path")
    @classmethod
    def _schema_path(cls, value: str) -> str:
        check_card_path(parse_path(value))
        return value


class FactEvidence(_Frozen):
    """A fact of the registered version or its ledger that evidences part of an item."""

    fact: str
    answers: str

    @field_validator("fact")
    @classmethod
    def _known_fact(cls, value: str) -> str:
        if value not in FACTS:
            raise ValueError(f"unknown fact {value!r} (known: {', '.join(FACTS)})")
        return value


class CrosswalkItem(_Frozen):
    """One item of Annex IV and what evidences it."""

    id: str
    title: str
    summary: str
    reach: Literal["card", "outside"]
    card: tuple[CardEvidence, ...] = ()
    optional: tuple[CardEvidence, ...] = ()
    facts: tuple[FactEvidence, ...] = ()
    supporting: tuple[FactEvidence, ...] = ()
    attach: str


class Crosswalk(_Frozen):
    """The whole mapping, items in Annex IV order."""

    source: str
    version: int
    items: tuple[CrosswalkItem, ...] = Field(min_length=1)

    def required_card_paths(self) -> tuple[str, ...]:
        """Every card field some item requires, in item order, each once."""
        seen: dict[str, None] = {}
        for item in self.items:
            for evidence in item.card:
                seen.setdefault(evidence.path, None)
        return tuple(seen)


@lru_cache(maxsize=1)
def crosswalk() -> Crosswalk:
    """The bundled crosswalk (read once per process)."""
    text = (resources.files("sm_governance.evidence") / "annex_iv.yaml").read_text("utf-8")
    return Crosswalk.model_validate(yaml.safe_load(text))
