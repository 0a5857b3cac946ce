"""Fixtures for the infra/ tests: the stack deployed into the local SageMaker's account."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# The helper modules beside this file (iam_eval, infra_stack) are imported by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from infra_stack import Stack, deploy

if TYPE_CHECKING:
    import boto3

GROUP = "credit-risk"
DATAZONE_PROJECT = "5rq8d4gkmq7xjk"


@pytest.fixture
def stack(aws_session: boto3.Session) -> Stack:
    """infra/governance.yaml (what moto's CloudFormation supports) deployed with defaults."""
    return deploy(aws_session, ModelPackageGroupName=GROUP, DataZoneProjectId=DATAZONE_PROJECT)
