"""Property-based tests: valid cards round-trip exactly; invalid input fails only cleanly."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sm_governance import Problem, ValidationError
from sm_governance.card import DEVELOPER_GUIDE_FIELDS, ModelCard

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_CHARS = st.characters(exclude_categories=["Cs"], exclude_characters="\n\r\x85\u2028\u2029")


def text(max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    return st.text(_CHARS, min_size=min_size, max_size=min(max_size, 40))


def names(max_size: int) -> st.SearchStrategy[str]:
    return text(max_size, min_size=1)


numbers = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
)
urls = st.lists(text(1024), max_size=3)
free_map = st.dictionaries(names(30), text(1024), max_size=4)


def section(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def with_required(
    required: dict[str, st.SearchStrategy[Any]], **optional: st.SearchStrategy[Any]
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(required, optional=optional)


versions = st.one_of(
    st.integers(min_value=1, max_value=10**6),
    st.floats(min_value=1, max_value=1e6, allow_nan=False, allow_infinity=False),
)
overview = section(
    model_description=text(1024),
    model_creator=text(1024),
    model_artifact=urls,
    algorithm_type=text(1024),
    problem_type=text(5000),
    model_owner=text(1024),
    # the Developer Guide's schema only (standalone cards)
    model_id=text(1024),
    model_name=text(1024),
    model_version=versions,
    inference_environment=section(container_image=urls),
)
package_details = section(
    model_package_description=text(1024),
    model_package_arn=names(2048),
    created_by=section(user_profile_name=text(63)),
    model_package_status=st.sampled_from(
        ["Pending", "InProgress", "Completed", "Failed", "Deleting"]
    ),
    model_approval_status=st.sampled_from(["Approved", "Rejected", "PendingManualApproval"]),
    approval_description=text(1024),
    model_package_group_name=names(63),
    model_package_name=names(63),
    model_package_version=versions,
    domain=text(5000),
    task=text(5000),
    source_algorithms=st.lists(
        with_required({"algorithm_name": text(170)}, model_data_url=text(1024)),
        max_size=2,
    ),
    inference_specification=st.fixed_dictionaries(
        {
            "containers": st.lists(
                with_required(
                    {"image": text(255)}, model_data_url=text(1024), nearest_model_name=text(5000)
                ),
                min_size=1,
                max_size=3,
            )
        }
    ),
)
intended = section(
    purpose_of_model=text(2048),
    intended_uses=text(2048),
    factors_affecting_model_efficiency=text(2048),
    risk_rating=st.sampled_from(["High", "Medium", "Low", "Unknown"]),
    explanations_for_risk_rating=text(2048),
)
business = section(
    business_problem=text(2048), business_stakeholders=text(2048), line_of_business=text(2048)
)
training_metric = with_required({"name": names(255), "value": numbers}, notes=text(1024))
hyper_parameter = with_required({"name": names(255)}, value=text(255))
training = section(
    objective_function=section(
        function=section(
            function=st.sampled_from(["Maximize", "Minimize"]),
            facet=text(63),
            condition=text(63),
        ),
        notes=text(1024),
    ),
    training_observations=text(1024),
    training_job_details=section(
        training_arn=text(1024),
        training_datasets=urls,
        training_environment=section(container_image=urls),
        training_metrics=st.lists(training_metric, max_size=3),
        user_provided_training_metrics=st.lists(training_metric, max_size=3),
        hyper_parameters=st.lists(hyper_parameter, max_size=3),
        user_provided_hyper_parameters=st.lists(hyper_parameter, max_size=3),
    ),
)


def metric(
    kind: str, value: st.SearchStrategy[Any], **axes: Any
) -> st.SearchStrategy[dict[str, Any]]:
    return with_required(
        {"name": names(255), "type": st.just(kind), "value": value}, notes=text(1024), **axes
    )


scalar_axes = {"x_axis_name": text(63), "y_axis_name": text(63)}


@st.composite
def bar_chart(draw: st.DrawFn) -> dict[str, Any]:
    values = draw(st.lists(numbers, min_size=1, max_size=5))
    base = draw(metric("bar_chart", st.just(values), y_axis_name=text(63)))
    if draw(st.booleans()):
        base["x_axis_name"] = draw(st.lists(text(63), min_size=len(values), max_size=len(values)))
    return base


@st.composite
def matrix(draw: st.DrawFn) -> dict[str, Any]:
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    row = st.lists(numbers, min_size=columns, max_size=columns)
    base = draw(metric("matrix", st.lists(row, min_size=rows, max_size=rows)))
    if draw(st.booleans()):
        base["x_axis_name"] = draw(st.lists(text(63), min_size=columns, max_size=columns))
    if draw(st.booleans()):
        base["y_axis_name"] = draw(st.lists(text(63), min_size=rows, max_size=rows))
    return base


metrics = st.one_of(
    metric("number", numbers, **scalar_axes),
    metric("string", text(63), **scalar_axes),
    metric("boolean", st.booleans(), **scalar_axes),
    metric(
        "linear_graph",
        st.lists(st.lists(numbers, min_size=2, max_size=2), min_size=1, max_size=5),
        **scalar_axes,
    ),
    bar_chart(),
    matrix(),
)
evaluation = with_required(
    {"name": names(63)},
    evaluation_observation=text(2096),
    evaluation_job_arn=text(256),
    datasets=urls,
    metadata=free_map,
    metric_groups=st.lists(
        st.fixed_dictionaries({"name": names(63), "metric_data": st.lists(metrics, max_size=4)}),
        max_size=3,
    ),
)
additional = section(
    ethical_considerations=text(2048),
    caveats_and_recommendations=text(2048),
    custom_details=free_map,
)
cards = section(
    model_overview=overview,
    intended_uses=intended,
    business_details=business,
    training_details=training,
    evaluation_details=st.lists(evaluation, max_size=2),
    additional_information=additional,
    model_package_details=package_details,
)


def canonical(content: Any) -> str:
    """Key-order-free JSON that still tells 1 from 1.0."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False)


@SETTINGS
@given(cards)
def test_valid_cards_round_trip_exactly(content: dict[str, Any]) -> None:
    card = ModelCard.from_content(content)
    text = card.to_content_json()
    assert canonical(json.loads(text)) == canonical(content)
    again = ModelCard.from_content_json(text)
    assert again == card
    assert again.to_content_json() == text


def _without_developer_guide_fields(content: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in content.items() if k not in DEVELOPER_GUIDE_FIELDS}
    if "model_overview" in out:
        out["model_overview"] = {
            k: v
            for k, v in out["model_overview"].items()
            if f"model_overview.{k}" not in DEVELOPER_GUIDE_FIELDS
        }
    return out


@SETTINGS
@given(content=cards)
def test_generated_valid_cards_also_satisfy_the_schemas(
    content: dict[str, Any],
    schema_validator: jsonschema.Draft7Validator,
    developer_guide_validator: jsonschema.Draft7Validator,
) -> None:
    # the Developer Guide's schema describes every field; the bundled file all but its own
    output = ModelCard.from_content(content).to_content()
    assert developer_guide_validator.is_valid(output)
    assert schema_validator.is_valid(_without_developer_guide_fields(output))


# -- invalid input ----------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | numbers | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)
_TOKEN = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def _parent_exists(content: Any, path: str) -> bool:
    """Whether everything but the last step of ``path`` exists in ``content``."""
    steps: list[str | int] = []
    position = 0
    while position < len(path):
        match = _TOKEN.match(path, position)
        assert match is not None, f"unparseable path {path!r}"
        name, index, quoted = match.groups()
        steps.append(int(index) if index else json.loads(quoted) if quoted else name)
        position = match.end()
    node = content
    for step in steps[:-1]:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return False
        elif not isinstance(node, dict) or step not in node:
            return False
        node = node[step]
    return True


def _problems(parse: Any, content: Any) -> tuple[Problem, ...] | None:
    """The problems ``parse(content)`` reports, or ``None`` when it returns a card."""
    try:
        parse(content)
    except ValidationError as exc:
        return exc.problems
    return None


def _check_clean_failure(content: Any) -> None:
    problems = _problems(ModelCard.from_content, content)
    if problems is None:
        return
    assert problems
    for problem in problems:
        assert isinstance(problem.path, str)
        assert problem.message
        assert _parent_exists(content, problem.path), problem


@SETTINGS
@given(json_values)
def test_arbitrary_json_raises_only_validation_errors(content: Any) -> None:
    _check_clean_failure(content)
    problems = _problems(ModelCard.from_content_json, json.dumps(content))
    assert problems is None or all(p.message for p in problems)


@SETTINGS
@given(st.text(max_size=30))
def test_arbitrary_text_raises_only_validation_errors(text: str) -> None:
    problems = _problems(ModelCard.from_content_json, text)
    assert problems is None or len(problems) >= 1


def _places(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _places(value, (*path, index))
    return found


@SETTINGS
@given(cards, st.data())
def test_random_corruption_of_valid_cards_fails_cleanly(
    content: dict[str, Any], data: st.DataObject
) -> None:
    # GIVEN a valid card with one value somewhere replaced by arbitrary JSON
    corrupted: Any = copy.deepcopy(content)
    place = data.draw(st.sampled_from(_places(corrupted)))
    replacement = data.draw(json_values)
    if place:
        node: Any = corrupted
        for step in place[:-1]:
            node = node[step]
        node[place[-1]] = replacement
    else:
        corrupted = replacement
    # WHEN it is parsed THEN it is a card or a ValidationError whose paths point into it
    _check_clean_failure(corrupted)


@SETTINGS
@given(cards, st.data())
def test_every_injected_problem_is_reported_at_its_path(
    content: dict[str, Any], data: st.DataObject
) -> None:
    # GIVEN a valid card with several sections broken at known places
    broken = copy.deepcopy(content)
    expected: set[str] = set()
    if data.draw(st.booleans()):
        broken.setdefault("intended_uses", {})["risk_rating"] = "Severe"
        expected.add("intended_uses.risk_rating")
    if data.draw(st.booleans()):
        broken.setdefault("model_overview", {})["model_creator"] = "x" * 1025
        expected.add("model_overview.model_creator")
    if data.draw(st.booleans()):
        broken.setdefault("business_details", {})["unknown_key"] = "x"
        expected.add("business_details.unknown_key")
    if broken.get("evaluation_details") and data.draw(st.booleans()):
        broken["evaluation_details"][-1]["name"] = ""
        expected.add(f"evaluation_details[{len(broken['evaluation_details']) - 1}].name")
    if not expected:
        broken.setdefault("additional_information", {})["custom_details"] = {"": 1}
        expected.add('additional_information.custom_details[""]')
    # WHEN it is parsed THEN every one of them is reported, and nothing else
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(broken)
    assert set(caught.value.paths) == expected
