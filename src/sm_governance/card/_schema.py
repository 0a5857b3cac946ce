"""The official model card content schema bundled with the package.

``model_card_schema.json`` is SageMaker's model card content schema as published in the
SageMaker Python SDK (Apache-2.0, Amazon.com, Inc. or its affiliates), unmodified; see NOTICE.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["official_schema"]


@cache
def _text() -> str:
    return (resources.files("sm_governance.card") / "model_card_schema.json").read_text("utf-8")


def official_schema() -> dict[str, Any]:
    """A fresh copy of SageMaker's model card content JSON schema (from its Python SDK).

    Its patterns are unanchored, as SageMaker applies them; its list bounds are written in a
    way JSON Schema ignores, and :class:`~sm_governance.card.ModelCard` applies those bounds
    as the SageMaker Python SDK does (``docs/card-rules.md``). It also
    lacks the standalone-card fields of the Developer Guide's model card schema
    (:data:`~sm_governance.card.DEVELOPER_GUIDE_FIELDS`), so it refuses cards that use them;
    every model package card, and every card without those fields, is valid against it.
    """
    schema: dict[str, Any] = json.loads(_text())
    return schema
