"""Fixtures for policy tests: card content dicts valid per the official schema."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import jsonschema
import pytest

Content = dict[str, Any]

SPEC_POLICY = """\
policy: retail-credit          # a name for reports
version: 1
require:                       # card fields that must be present and non-empty
  - intended_uses.purpose_of_model
  - business_details.business_problem
metrics:                       # named metrics anywhere in the card's training/evaluation details
  fairness_score: ">= 0.8"     # a missing metric fails its rule
  p95_latency_ms: "<= 500"
datazone_project: required
when:                          # extra rules that apply at a risk rating
  - risk_rating: High
    require: [additional_information.ethical_considerations]
    metrics: {fairness_score: ">= 0.9"}
"""


def _schema_validator() -> jsonschema.Draft7Validator:
    text = (resources.files("sm_governance") / "card" / "model_card_schema.json").read_text(
        encoding="utf-8"
    )
    return jsonschema.Draft7Validator(json.loads(text))


_VALIDATOR = _schema_validator()


def _good_card() -> Content:
    return {
        "model_overview": {"model_description": "Scores retail credit applications"},
        "intended_uses": {
            "purpose_of_model": "Score retail credit applications",
            "risk_rating": "Medium",
        },
        "business_details": {"business_problem": "Approve loans responsibly"},
        "training_details": {
            "training_job_details": {
                "training_metrics": [{"name": "train_auc", "value": 0.93}],
                "user_provided_training_metrics": [{"name": "fairness_score", "value": 0.91}],
            }
        },
        "evaluation_details": [
            {
                "name": "holdout",
                "metric_groups": [
                    {
                        "name": "serving",
                        "metric_data": [
                            {"name": "p95_latency_ms", "type": "number", "value": 420},
                            {"name": "fairness_score", "type": "number", "value": 0.91},
                            {"name": "calibrated", "type": "boolean", "value": True},
                            {"name": "segment", "type": "string", "value": "retail"},
                        ],
                    }
                ],
            }
        ],
        "additional_information": {
            "ethical_considerations": "Reviewed for disparate impact",
            "custom_details": {"datazone_project_id": "5jdi2hjv0xq2jb"},
        },
    }


@pytest.fixture
def good_card() -> Content:
    """A full card that passes the SPEC's example policy (risk rating Medium)."""
    return _good_card()


@pytest.fixture
def schema_valid() -> Callable[[Content], Content]:
    """Assert that content is valid per the official model card schema, and return it."""

    def check(content: Content) -> Content:
        errors = [e.message for e in _VALIDATOR.iter_errors(content)]
        assert errors == [], errors
        return content

    return check


@pytest.fixture
def card_with() -> Callable[..., Content]:
    """A copy of the good card changed by ``section=value`` (``None`` removes the section)."""

    def make(**changes: Any) -> Content:
        content = copy.deepcopy(_good_card())
        for key, value in changes.items():
            if value is None:
                content.pop(key, None)
            else:
                content[key] = value
        return content

    return make


@pytest.fixture
def spec_policy_text() -> str:
    return SPEC_POLICY
