"""Training details from a training job on the local SageMaker."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from sm_governance.card import ModelCardBuilder, TrainingDetailsBuilder
from sm_governance.errors import NotFoundError, ValidationError
from sm_governance.sources import training_details_from_job

ROLE = "arn:aws:iam::123456789012:role/training"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def _create_job(sm: Any, name: str = "credit-xgb-1") -> str:
    response = sm.create_training_job(
        TrainingJobName=name,
        HyperParameters={
            "max_depth": "6",
            "objective": '"binary:logistic"',
            "sagemaker_program": '"train.py"',
            "sagemaker_region": '"us-east-1"',
        },
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        RoleArn=ROLE,
        InputDataConfig=[
            {
                "ChannelName": "train",
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/credit/train"}
                },
            },
            {
                "ChannelName": "validation",
                "DataSource": {
                    "FileSystemDataSource": {
                        "FileSystemId": "fs-0123456789abcdef0",
                        "FileSystemAccessMode": "ro",
                        "FileSystemType": "EFS",
                        "DirectoryPath": "/credit/validation",
                    }
                },
            },
        ],
        OutputDataConfig={"S3OutputPath": "s3://models/credit"},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )
    arn: str = response["TrainingJobArn"]
    return arn


def test_a_training_job_fills_the_training_details(sagemaker_client: Any) -> None:
    # GIVEN a training job on the local SageMaker
    arn = _create_job(sagemaker_client)
    # WHEN its training details are read and built into a card
    builder = training_details_from_job("credit-xgb-1", client=sagemaker_client)
    assert isinstance(builder, TrainingDetailsBuilder)
    card = ModelCardBuilder(training_details=builder).build()
    # THEN the ARN, image, datasets, hyper-parameters and final metrics are on the card
    job = card.to_content()["training_details"]["training_job_details"]
    assert job["training_arn"] == arn
    assert job["training_environment"] == {"container_image": [IMAGE]}
    assert job["training_datasets"] == [
        "s3://data/credit/train",
        "efs://fs-0123456789abcdef0/credit/validation",
    ]
    assert job["hyper_parameters"] == [
        {"name": "max_depth", "value": "6"},
        {"name": "objective", "value": "binary:logistic"},
    ]
    assert job["training_metrics"] == [{"name": "train:progress", "value": 100.0}]
    assert "objective_function" not in card.to_content()["training_details"]


def test_internal_hyper_parameters_on_request_and_the_job_arn_as_input(
    sagemaker_client: Any, aws_session: boto3.Session
) -> None:
    arn = _create_job(sagemaker_client)
    # a session (with a config) builds the client when none is given
    builder = training_details_from_job(
        arn, include_internal_hyper_parameters=True, session=aws_session, config=Config()
    )
    names = [
        p["name"] for p in builder.build().to_dict()["training_job_details"]["hyper_parameters"]
    ]
    assert names == ["max_depth", "objective", "sagemaker_program", "sagemaker_region"]


class _TunedJobs:
    """The real client, with the training job reported as launched by a tuning job.

    The local SageMaker does not link training jobs to tuning jobs; this adds the one field
    DescribeTrainingJob returns for such a job, and nothing else.
    """

    def __init__(self, client: Any, tuning_arn: str) -> None:
        self._client = client
        self._tuning_arn = tuning_arn
        self.calls: list[str] = []

    def describe_training_job(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append("DescribeTrainingJob")
        response: dict[str, Any] = self._client.describe_training_job(**kwargs)
        return {**response, "TuningJobArn": self._tuning_arn}

    def describe_hyper_parameter_tuning_job(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append("DescribeHyperParameterTuningJob")
        result: dict[str, Any] = self._client.describe_hyper_parameter_tuning_job(**kwargs)
        return result


def test_a_tuned_job_gets_the_tuning_objective(sagemaker_client: Any) -> None:
    _create_job(sagemaker_client)
    tuning_arn = sagemaker_client.create_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="credit-tuning",
        HyperParameterTuningJobConfig={
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Minimize",
                "MetricName": "validation:logloss",
            },
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1},
        },
        TrainingJobDefinition={
            "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
            "RoleArn": ROLE,
            "OutputDataConfig": {"S3OutputPath": "s3://models/credit"},
            "ResourceConfig": {
                "InstanceType": "ml.m5.xlarge",
                "InstanceCount": 1,
                "VolumeSizeInGB": 10,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        },
    )["HyperParameterTuningJobArn"]
    client = _TunedJobs(sagemaker_client, tuning_arn)
    details = training_details_from_job("credit-xgb-1", client=client).build().to_dict()
    assert details["objective_function"] == {
        "function": {"function": "Minimize", "facet": "validation:logloss"},
        "notes": (
            "Objective of hyper-parameter tuning job credit-tuning: Minimize validation:logloss"
        ),
    }
    assert client.calls == ["DescribeTrainingJob", "DescribeHyperParameterTuningJob"]


def test_a_missing_job_is_not_found(sagemaker_client: Any) -> None:
    with pytest.raises(NotFoundError) as info:
        training_details_from_job("no-such-job", client=sagemaker_client)
    assert info.value.operation == "DescribeTrainingJob"


class _NoCalls:
    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"AWS was called: {name}")


@pytest.mark.parametrize(
    "bad", ["", "-starts-with-hyphen", "has_underscore", "x" * 64, "arn:aws:sagemaker:x:y:z"]
)
def test_a_bad_job_name_is_refused_before_any_aws_call(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        training_details_from_job(bad, client=_NoCalls())
    assert info.value.paths == ["job_name"]
