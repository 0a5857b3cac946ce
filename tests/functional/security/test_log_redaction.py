"""Card content and reasons never reach botocore's debug log through this library's clients."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import boto3
import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.card import ModelCard
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People, demo_card

CARD_MARKER = "CARDMARKER7f3a9"
REASON_MARKER = "REASONMARKER2b8c"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def debug_log() -> Iterator[_Keep]:
    # GIVEN DEBUG logging on for botocore, as boto3.set_stream_logger("") would do
    handler = _Keep()
    logger = logging.getLogger("botocore")
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def _marked_card() -> ModelCard:
    content = demo_card(1, auc=0.84, fairness=0.91)
    content["intended_uses"]["purpose_of_model"] = f"Scores loans {CARD_MARKER}"
    return ModelCard.from_content(content)


def test_register_review_and_decide_log_no_card_or_reason(
    two_people: People, debug_log: _Keep
) -> None:
    registry = ModelRegistry(session=two_people.registrant.session)
    registry.ensure_group("credit-risk")
    # WHEN a card is registered, read back, and decided on with DEBUG logging on
    version = registry.register(
        "credit-risk", _marked_card(), image_uri=IMAGE, model_data_url="s3://m/model.tar.gz"
    )
    stored = registry.get(version.arn).card
    assert stored is not None
    assert CARD_MARKER in stored.to_content_json()
    desk = ApprovalDesk(session=two_people.officer.session)
    desk.reject(version.arn, reason=f"Not yet {REASON_MARKER}")
    desk.history(version.arn)
    # THEN botocore logged the calls, bodies redacted, and neither marker appears
    text = "\n".join(debug_log.lines)
    assert "Making request for OperationModel(name=CreateModelPackage)" in text
    assert "<redacted:" in text
    assert "Response body" in text
    assert CARD_MARKER not in text
    assert REASON_MARKER not in text


def test_a_client_given_to_the_library_is_redacted_too(
    two_people: People, debug_log: _Keep
) -> None:
    client = two_people.registrant.session.client("sagemaker")
    registry = ModelRegistry(client=client)
    registry.ensure_group("credit-risk")
    registry.register(
        "credit-risk", _marked_card(), image_uri=IMAGE, model_data_url="s3://m/model.tar.gz"
    )
    assert CARD_MARKER not in "\n".join(debug_log.lines)


def test_other_clients_keep_their_full_debug_log(two_people: People, debug_log: _Keep) -> None:
    # GIVEN the library's clients in use in the process
    ModelRegistry(session=two_people.registrant.session).ensure_group("credit-risk")
    # WHEN the application's own client makes a call
    own = boto3.Session(region_name="us-east-1").client("sagemaker")
    own.list_model_package_groups(NameContains="OWNMARKER")
    # THEN its body is logged as botocore always does: only this library's calls are redacted
    assert "OWNMARKER" in "\n".join(debug_log.lines)


def test_a_failed_call_leaves_no_redaction_behind(two_people: People, debug_log: _Keep) -> None:
    # GIVEN a library call that fails inside botocore's event chain
    registry = ModelRegistry(session=two_people.registrant.session)

    def refuse(**_: object) -> None:
        raise RuntimeError("refused by a hook")

    registry.client.meta.events.register("before-call.sagemaker.ListModelPackageGroups", refuse)
    with pytest.raises(RuntimeError):
        registry.client.list_model_package_groups()
    # WHEN the application's own client calls next, in the same thread
    own = boto3.Session(region_name="us-east-1").client("sagemaker")
    own.list_model_package_groups(NameContains="AFTERFAILURE")
    # THEN its body is logged in full: the failed call did not leave redaction switched on
    assert "AFTERFAILURE" in "\n".join(debug_log.lines)
