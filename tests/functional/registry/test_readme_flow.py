"""The README's notebook flow runs as written on the local SageMaker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sm_governance._types import CardStatus
from sm_governance.card import ModelCard
from sm_governance.registry import ModelLifecycle, ModelRegistry, ModelVersion

README = Path(__file__).resolve().parents[3] / "README.md"
_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _registry_example() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- registry-example:start -->")
    end = text.index("<!-- registry-example:end -->")
    blocks = _BLOCK.findall(text[start:end])
    assert len(blocks) == 1
    return str(blocks[0])


def _card_example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Model cards") : text.index("<!-- registry-example:start -->")]
    return str(_BLOCK.findall(section)[0])


@pytest.mark.usefixtures("governance_mock")
def test_the_readme_flow(capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {}
    exec(compile(_card_example(), "README.md (card)", "exec"), namespace)
    exec(compile(_registry_example(), "README.md (registry)", "exec"), namespace)
    card, again, registry = namespace["card"], namespace["again"], namespace["registry"]
    assert isinstance(card, ModelCard)
    assert isinstance(again, ModelVersion)
    assert isinstance(registry, ModelRegistry)
    assert again.card == card
    version = registry.get(again.arn)
    assert version.card_status is CardStatus.PENDING_REVIEW
    assert version.lifecycle == ModelLifecycle("Staging", "InReview")
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("1 PendingManualApproval 5jdi2hjv0xq2jb arn:aws:")
    assert printed[-1] == "None"
