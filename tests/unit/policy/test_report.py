"""The report: a stable JSON shape and digests that name exactly what was checked."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from typing import Any

import pytest

from sm_governance.policy import PolicyReport, RuleResult, evaluate, load_policy

Content = dict[str, Any]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_digests_are_sha256_of_canonical_json(spec_policy_text: str, good_card: Content) -> None:
    policy = load_policy(spec_policy_text)
    report = evaluate(policy, good_card)

    canonical_card = json.dumps(
        good_card, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert report.card_digest == sha256(canonical_card)
    assert report.policy_digest == sha256(policy.canonical_json()) == policy.digest
    assert report.digest == sha256(f"{report.card_digest}:{report.policy_digest}")
    assert json.loads(policy.canonical_json()) == policy.to_dict()


def test_digests_are_stable_across_runs_and_key_order(
    spec_policy_text: str, good_card: Content
) -> None:
    # GIVEN the same card with its keys in reverse order, and the policy loaded twice
    reordered = json.loads(json.dumps(good_card), object_pairs_hook=lambda p: dict(reversed(p)))
    first = evaluate(load_policy(spec_policy_text), good_card)
    second = evaluate(load_policy(spec_policy_text), reordered)
    # THEN every digest is the same, and so is the whole report
    assert first == second
    assert len(first.digest) == 64
    assert int(first.digest, 16) >= 0


def test_a_pinned_policy_digest_does_not_drift(spec_policy_text: str) -> None:
    # The canonical form of the SPEC's example, written out: if this changes, every
    # recorded gate digest changes meaning, so it must change only on purpose.
    expected = (
        '{"datazone_project":"required","metrics":{"fairness_score":">= 0.8",'
        '"p95_latency_ms":"<= 500"},"policy":"retail-credit","require":'
        '["intended_uses.purpose_of_model","business_details.business_problem"],'
        '"version":1,"when":[{"datazone_project":"optional","metrics":'
        '{"fairness_score":">= 0.9"},"require":'
        '["additional_information.ethical_considerations"],"risk_rating":"High"}]}'
    )
    policy = load_policy(spec_policy_text)
    assert policy.canonical_json() == expected
    assert policy.digest == sha256(expected)


def test_the_same_rules_written_differently_have_one_digest(spec_policy_text: str) -> None:
    terse = """
    {policy: retail-credit, datazone_project: required,
     require: [intended_uses.purpose_of_model, business_details.business_problem],
     metrics: {fairness_score: ">=0.80", p95_latency_ms: "<=500"},
     when: [{risk_rating: [High], metrics: {fairness_score: [">= 0.9"]},
             require: [additional_information.ethical_considerations],
             datazone_project: optional}]}
    """
    assert load_policy(terse).digest == load_policy(spec_policy_text).digest


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace('">= 0.8"', '">= 0.81"'),
        lambda t: t.replace('">= 0.8"', '"> 0.8"'),
        lambda t: t.replace("risk_rating: High", "risk_rating: Medium"),
        lambda t: t.replace("datazone_project: required", "datazone_project: optional"),
        lambda t: t.replace("policy: retail-credit", "policy: retail-credit-2"),
        lambda t: t.replace("  - business_details.business_problem\n", ""),
        lambda t: t + "description: now documented\n",
    ],
)
def test_any_change_to_the_policy_changes_its_digest(
    spec_policy_text: str, good_card: Content, change: Any
) -> None:
    before = evaluate(load_policy(spec_policy_text), good_card)
    after = evaluate(load_policy(change(spec_policy_text)), good_card)
    assert after.policy_digest != before.policy_digest
    assert after.digest != before.digest
    assert after.card_digest == before.card_digest


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["intended_uses"].update(purpose_of_model="Something else"),
        lambda c: c["evaluation_details"][0]["metric_groups"][0]["metric_data"][0].update(
            value=420.5
        ),
        lambda c: c["model_overview"].update(model_owner="risk-team"),
        lambda c: c["additional_information"]["custom_details"].update(note="é"),
    ],
)
def test_any_change_to_the_card_changes_its_digest(
    spec_policy_text: str, good_card: Content, change: Any
) -> None:
    policy = load_policy(spec_policy_text)
    changed = copy.deepcopy(good_card)
    change(changed)
    before, after = evaluate(policy, good_card), evaluate(policy, changed)
    assert after.card_digest != before.card_digest
    assert after.digest != before.digest
    assert after.policy_digest == before.policy_digest


def test_to_dict_has_a_stable_json_shape(spec_policy_text: str, good_card: Content) -> None:
    good_card["intended_uses"]["risk_rating"] = "Low"
    del good_card["business_details"]
    report = evaluate(load_policy(spec_policy_text), good_card)
    data = report.to_dict()

    assert list(data) == [
        "policy",
        "passed",
        "risk_rating",
        "digest",
        "card_digest",
        "policy_digest",
        "rules",
        "not_applicable",
    ]
    assert data["passed"] is False
    assert data["risk_rating"] == "Low"
    assert data["rules"][1] == {
        "rule": "require business_details.business_problem",
        "passed": False,
        "seen": None,
        "reason": "business_details.business_problem is missing: the card has no business_details.",
    }
    assert all(list(r) == ["rule", "passed", "seen", "reason"] for r in data["rules"])
    assert len(data["not_applicable"]) == 2
    assert json.loads(json.dumps(data)) == data


def test_failures_and_summary() -> None:
    ok = RuleResult("require a", True, "x", "a is present.")
    bad = RuleResult("metric m >= 1", False, 0.5, "m is 0.5, which does not meet >= 1.")
    report = PolicyReport(
        policy="p",
        passed=False,
        rules=(ok, bad),
        not_applicable=(),
        risk_rating=None,
        card_digest="c",
        policy_digest="p",
        digest="d",
    )
    assert report.failures == (bad,)
    assert report.summary == "p: failed 1 of 2 rules"
    assert dataclasses.replace(report, passed=True, rules=(ok,)).summary == "p: passed all 1 rules"


def test_reports_and_results_are_frozen() -> None:
    result = RuleResult("r", True, None, "why")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = False  # type: ignore[misc]
    assert result.applies is True
