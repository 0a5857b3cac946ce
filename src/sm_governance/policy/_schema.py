"""The policy file's JSON Schema, for editors and for ``smgov policy schema``."""

from __future__ import annotations

from typing import Any

from sm_governance.policy._model import Policy

__all__ = ["policy_json_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def policy_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a policy file.

    Editors with YAML language support use it to complete and check policy files (for
    example with a ``# yaml-language-server: $schema=policy.schema.json`` first line). The
    schema checks the shape; :func:`sm_governance.policy.load_policy` checks more (that each
    field path exists on a model card, that no path is listed twice, that a policy checks
    something).

    Example:
        >>> policy_json_schema()["properties"]["version"]["const"]
        1
    """
    schema = Policy.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}
