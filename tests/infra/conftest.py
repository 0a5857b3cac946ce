"""Fixtures for the infra/ tests: the stack deployed into the local SageMaker's account."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# The helper modules beside this file are imported as tests.infra.<name>, whichever way pytest
# was started (``python -m pytest`` puts the checkout on sys.path, the ``pytest`` script not).
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from tests.infra.infra_stack import Stack, deploy  # noqa: E402

if TYPE_CHECKING:
    import boto3

GROUP = "credit-risk"
DATAZONE_PROJECT = "5rq8d4gkmq7xjk"


@pytest.fixture
def stack(aws_session: boto3.Session) -> Stack:
    """infra/governance.yaml (what moto's CloudFormation supports) deployed with defaults."""
    return deploy(aws_session, ModelPackageGroupName=GROUP, DataZoneProjectId=DATAZONE_PROJECT)
