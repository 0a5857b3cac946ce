"""Card sections from where the facts already live.

- :mod:`sm_governance.sources.evaluation`: evaluation details from an evaluation report
  (SageMaker Model Monitor model quality, SageMaker Clarify bias and explainability, the
  SageMaker Python SDK's ``{"metric_groups": [...]}`` file, or plain ``{"metrics": ...}``),
  losing nothing silently; pure.
- :mod:`sm_governance.sources.sagemaker`: training details from a SageMaker training job
  (``DescribeTrainingJob``).
- :mod:`sm_governance.sources.mlflow`: a whole card builder from an MLflow run; needs the
  ``mlflow`` extra (``pip install 'sm-governance[mlflow]'``).
- :mod:`sm_governance.sources.cards`: a card or a registered version from an ARN or a JSON
  file, and the logic of ``smgov render`` / ``smgov diff`` (:func:`render_source`,
  :func:`diff_sources`).

Names are imported on first use, so importing this package loads neither boto3 nor MLflow.

Example:
    >>> from sm_governance.sources import evaluation_from_report
    >>> evaluation_from_report({"metrics": {"auc": 0.91}}).build().name
    'evaluation'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "RunMapping",
    "card_from_run",
    "diff_sources",
    "evaluation_from_report",
    "evaluation_section",
    "load_card_source",
    "render_source",
    "training_details_from_job",
    "training_section",
]

_EXPORTS = {
    "evaluation_from_report": "sm_governance.sources.evaluation",
    "evaluation_section": "sm_governance.sources.evaluation",
    "training_details_from_job": "sm_governance.sources.sagemaker",
    "training_section": "sm_governance.sources.sagemaker",
    "load_card_source": "sm_governance.sources.cards",
    "render_source": "sm_governance.sources.cards",
    "diff_sources": "sm_governance.sources.cards",
    "RunMapping": "sm_governance.sources.mlflow",
    "card_from_run": "sm_governance.sources.mlflow",
}

if TYPE_CHECKING:
    from sm_governance.sources.cards import diff_sources, load_card_source, render_source
    from sm_governance.sources.evaluation import evaluation_from_report, evaluation_section
    from sm_governance.sources.mlflow import RunMapping, card_from_run
    from sm_governance.sources.sagemaker import training_details_from_job, training_section


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sm_governance.sources' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
