"""Finding pipeline variables in card content, and checking the card status."""

from __future__ import annotations

from typing import Any

import pytest

from sm_governance import CardStatus
from sm_governance.card import (
    AdditionalInformationBuilder,
    IntendedUsesBuilder,
    ModelCardBuilder,
)
from sm_governance.errors import Problem
from sm_governance.pipelines._variables import check_status, find_pipeline_variables


class Variable:
    """Stands in for an SDK ``PipelineVariable``: something SageMaker resolves at run time."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def expr(self) -> dict[str, str]:
        return {"Get": f"Parameters.{self.name}"}


class Parameter(Variable):
    def __init__(
        self, name: str, default_value: Any = None, enum_values: list[str] | None = None
    ) -> None:
        super().__init__(name)
        self.default_value = default_value
        self.enum_values = enum_values


class Unprintable(Variable):
    @property
    def expr(self) -> dict[str, str]:
        raise TypeError("no expression before the step is added to a pipeline")


KINDS = (Variable,)


def test_a_validated_card_has_no_pipeline_variables() -> None:
    card = (
        ModelCardBuilder(
            intended_uses=IntendedUsesBuilder(purpose_of_model="Score", risk_rating="Low"),
            additional_information=AdditionalInformationBuilder(
                custom_details={"Team name": "risk"}
            ),
        )
        .datazone_project("5jdi2hjv0xq2jb")
        .build()
    )

    assert find_pipeline_variables(card, KINDS) == []
    assert find_pipeline_variables(card.to_content(), KINDS) == []


def test_every_variable_is_found_with_its_path_and_expression() -> None:
    content = {
        "model_overview": {"model_artifact": ["s3://b/k", Variable("ModelUrl")]},
        "additional_information": {"custom_details": {"Team name": Variable("Team")}},
        "evaluation_details": [
            {"metric_groups": [{"metric_data": [{"name": "auc", "value": Unprintable("x")}]}]}
        ],
        "intended_uses": ({"purpose_of_model": "fine"},),
    }

    problems = find_pipeline_variables(content, KINDS)

    assert [p.path for p in problems] == [
        "model_overview.model_artifact[1]",
        'additional_information.custom_details["Team name"]',
        "evaluation_details[0].metric_groups[0].metric_data[0].value",
    ]
    assert '{"Get": "Parameters.ModelUrl"}' in problems[0].message
    assert "(Unprintable)" in problems[2].message
    assert all("only the card's status may be a pipeline variable" in p.message for p in problems)


def test_a_whole_content_that_is_a_variable_is_reported_at_the_root() -> None:
    (problem,) = find_pipeline_variables(Variable("Content"), KINDS)

    assert problem.path == ""


@pytest.mark.parametrize(
    ("status", "sent"),
    [
        (CardStatus.DRAFT, "Draft"),
        ("PendingReview", "PendingReview"),
        (CardStatus.APPROVED, "Approved"),
        ("Archived", "Archived"),
    ],
)
def test_statuses_become_sagemakers_strings(status: Any, sent: str) -> None:
    value, problems = check_status(status, KINDS)

    assert (value, problems) == (sent, [])
    assert type(value) is str


def test_a_pipeline_parameter_status_is_kept_and_its_values_checked() -> None:
    good = Parameter("CardStatus", default_value="Draft", enum_values=["Draft", "Approved"])
    assert check_status(good, KINDS) == (good, [])

    no_default = Parameter("CardStatus")
    assert check_status(no_default, KINDS) == (no_default, [])

    bad = Parameter("CardStatus", default_value="draft", enum_values=["Draft", "Done"])
    _, problems = check_status(bad, KINDS)
    assert [p.path for p in problems] == ["status.default_value", "status.enum_values[1]"]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("Pending", "'Pending' is not a card status; use one of Draft, PendingReview"),
        (None, "not NoneType"),
        (3, "not int"),
    ],
)
def test_anything_else_is_a_status_problem(status: Any, message: str) -> None:
    value, problems = check_status(status, KINDS)

    assert value is None
    assert problems == [Problem("status", problems[0].message)]
    assert message in problems[0].message
