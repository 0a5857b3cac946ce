"""The SageMaker Pipelines blocks of README.md and docs/*.md run as written, with their SDK.

A block preceded by ``<!-- SageMaker SDK vN: ... -->`` runs here when SDK vN is installed
(and is skipped, with the reason, under the other). The blocks of one document for one SDK
run in order in one namespace, after the document's first block (the card, built with
sm_governance alone), as a reader's session would; AWS calls reach the local SageMaker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.functional.docs.blocks import DOCUMENTS, Block, blocks, run

from sm_governance.pipelines import sdk_major
from sm_governance.testing import mock_governance

pytestmark = [
    pytest.mark.filterwarnings("ignore:Running within a PipelineSession:UserWarning"),
    pytest.mark.filterwarnings("ignore:The 'dependencies' parameter is deprecated"),
]

# the policy docs/pipelines.md loads: the metric thresholds its gate reads
RETAIL_CREDIT = """\
policy: retail-credit
version: 1
require: [intended_uses.purpose_of_model, intended_uses.risk_rating]
metrics:
  fairness_score: ">= 0.8"
  p95_latency_ms: "<= 500"
"""

BLOCKS = [block for document in DOCUMENTS for block in blocks(document) if block.sdk]


def _session(block: Block) -> list[Block]:
    """The blocks a reader runs up to this one: the card, then this SDK's blocks."""
    everything = blocks(block.document)
    first = everything[0]
    assert first.sdk is None
    assert first.not_run is None
    assert "card = " in first.code
    before = [b for b in everything if b.sdk == block.sdk and b.line < block.line]
    return [first, *before, block]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: f"v{b.sdk}-{b.where}")
def test_block(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, aws_credentials: Any
) -> None:
    if block.sdk != sdk_major():
        pytest.skip(f"written for SDK v{block.sdk}; this environment has v{sdk_major()}")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "retail-credit.yaml").write_text(RETAIL_CREDIT, encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": block.document.stem}
    with mock_governance():
        for step in _session(block):
            run(step, namespace)
        if "Pipeline(" in block.code:  # what it builds is a definition SageMaker would take
            assert json.loads(namespace["pipeline"].definition())["Steps"]
