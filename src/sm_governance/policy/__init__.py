"""Policy as code: the rules a model card must satisfy before a version is approved.

A governance officer writes a policy as a short YAML file (required card fields, metric
thresholds, rules that depend on the risk rating, a required DataZone project);
:func:`load_policy` reads and validates it, :func:`evaluate` checks a card against it and
returns a :class:`PolicyReport`. Evaluation is pure: no I/O, no AWS.

Example:
    >>> from sm_governance.policy import evaluate, load_policy
    >>> policy = load_policy('''
    ... policy: retail-credit
    ... version: 1
    ... require: [intended_uses.purpose_of_model]
    ... metrics: {fairness_score: ">= 0.8"}
    ... ''')
    >>> content = {
    ...     "intended_uses": {"purpose_of_model": "Score loan applications"},
    ...     "training_details": {"training_job_details": {
    ...         "training_metrics": [{"name": "fairness_score", "value": 0.83}]}},
    ... }
    >>> report = evaluate(policy, content)
    >>> report.passed, [r.rule for r in report.rules]
    (True, ['require intended_uses.purpose_of_model', 'metric fairness_score >= 0.8'])
"""

from __future__ import annotations

from sm_governance.policy._evaluate import evaluate
from sm_governance.policy._load import bundled_policies, load_policy
from sm_governance.policy._model import FORMAT_VERSION, Policy, WhenRule
from sm_governance.policy._report import PolicyReport, RuleResult
from sm_governance.policy._schema import policy_json_schema
from sm_governance.policy._threshold import Threshold

__all__ = [
    "FORMAT_VERSION",
    "Policy",
    "PolicyReport",
    "RuleResult",
    "Threshold",
    "WhenRule",
    "bundled_policies",
    "evaluate",
    "load_policy",
    "policy_json_schema",
]
