"""The policy file's JSON Schema: a valid draft 2020-12 schema that agrees with the loader."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sm_governance.errors import ValidationError
from sm_governance.policy import load_policy, policy_json_schema

VALIDATOR = jsonschema.Draft202012Validator(policy_json_schema())


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = policy_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "sm-governance policy"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["policy"]
    assert ">>>" not in str(schema)  # no docstring examples leak into editors


def test_the_specs_example_is_valid(spec_policy_text: str) -> None:
    VALIDATOR.validate(yaml.safe_load(spec_policy_text))


@pytest.mark.parametrize(
    "document",
    [
        {"require": ["business_details"]},
        {"policy": "x", "surprise": 1},
        {"policy": "x", "version": 2},
        {"policy": "x", "metrics": {"auc": "0.8"}},
        {"policy": "x", "metrics": {"auc": 0.8}},
        {"policy": "x", "metrics": {"auc": []}},
        {"policy": "x", "require": ["a..b"]},
        {"policy": "x", "datazone_project": True},
        {"policy": "x", "when": [{"risk_rating": "high", "require": ["business_details"]}]},
        {"policy": "x", "when": [{"require": ["business_details"]}]},
        {"policy": "x", "when": [{"risk_rating": "High", "bogus": 1}]},
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(document: dict[str, Any]) -> None:
    assert not VALIDATOR.is_valid(document)
    with pytest.raises(ValidationError):
        load_policy(yaml.safe_dump(document))


thresholds = st.sampled_from([">= 0.8", "<=500", "> -1", "< 1e3", "== 2", "=> 1", "0.5", ""])
paths = st.sampled_from(
    ["intended_uses.purpose_of_model", "evaluation_details[0].name", "a..b", "business_details"]
)
rules = st.fixed_dictionaries(
    {},
    optional={
        "require": st.lists(paths, max_size=3),
        "metrics": st.dictionaries(
            st.sampled_from(["auc", "f1"]),
            st.one_of(thresholds, st.lists(thresholds, max_size=2)),
            max_size=2,
        ),
        "datazone_project": st.sampled_from(["required", "optional", "yes"]),
    },
)
when_blocks = rules.flatmap(
    lambda r: st.fixed_dictionaries(
        {
            "risk_rating": st.one_of(
                st.sampled_from(["High", "Low", "low"]),
                st.lists(st.sampled_from(["High", "Medium"]), max_size=2),
            )
        },
    ).map(lambda w: {**r, **w})
)
documents = rules.flatmap(
    lambda r: st.fixed_dictionaries(
        {"policy": st.sampled_from(["p", ""])},
        optional={"version": st.sampled_from([1, 2]), "when": st.lists(when_blocks, max_size=2)},
    ).map(lambda d: {**r, **d})
)


@settings(max_examples=100)
@given(documents)
def test_whatever_the_loader_accepts_the_schema_accepts(document: dict[str, Any]) -> None:
    try:
        policy = load_policy(yaml.safe_dump(document))
    except ValidationError:
        return
    assert VALIDATOR.is_valid(document), list(VALIDATOR.iter_errors(document))
    assert VALIDATOR.is_valid(policy.to_dict())
