"""The policy's thresholds for a pipeline gate, checked before any SDK is needed."""

from __future__ import annotations

import pytest

from sm_governance import ValidationError
from sm_governance.pipelines import gate_conditions, gate_thresholds
from sm_governance.policy import Threshold, load_policy

POLICY = load_policy(
    """
policy: retail-credit
metrics:
  fairness_score: ">= 0.8"
  p95_latency_ms: ["<= 500", "> 0"]
when:
  - risk_rating: [High, Medium]
    metrics: {fairness_score: ">= 0.9"}
  - risk_rating: Low
    metrics: {coverage: ">= 0.5"}
"""
)


def test_the_policys_own_thresholds_always_apply() -> None:
    assert gate_thresholds(POLICY) == [
        ("fairness_score", Threshold(">=", 0.8)),
        ("p95_latency_ms", Threshold("<=", 500)),
        ("p95_latency_ms", Threshold(">", 0)),
    ]


@pytest.mark.parametrize("rating", ["High", "Medium"])
def test_when_blocks_apply_at_their_risk_ratings(rating: str) -> None:
    assert gate_thresholds(POLICY, risk_rating=rating)[-1] == (
        "fairness_score",
        Threshold(">=", 0.9),
    )


def test_an_unknown_risk_rating_is_refused() -> None:
    with pytest.raises(ValidationError, match="is not a risk rating") as caught:
        gate_thresholds(POLICY, risk_rating="Severe")

    assert caught.value.paths == ["risk_rating"]


def test_a_metric_without_a_value_source_fails_before_the_sdk_is_needed() -> None:
    # GIVEN values for only one of the metrics that apply at Low risk
    with pytest.raises(ValidationError) as caught:
        gate_conditions(POLICY, {"fairness_score": 0.9}, risk_rating="Low")

    # THEN each missing metric is named (a missing metric fails the gate)
    assert caught.value.paths == ["metrics['coverage']", "metrics['p95_latency_ms']"]
    assert "policy 'retail-credit' has a threshold on this metric" in str(caught.value)


def test_a_gate_with_nothing_to_check_is_refused() -> None:
    only_high = load_policy(
        "policy: high-only\nrequire: [intended_uses.purpose_of_model]\nwhen:\n"
        '  - risk_rating: High\n    metrics: {auc: ">= 0.7"}\n'
    )

    with pytest.raises(ValidationError, match="gates nothing") as caught:
        gate_conditions(only_high, {"auc": 0.8}, risk_rating="Low")

    assert caught.value.paths == ["policy.metrics"]
