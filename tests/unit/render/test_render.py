"""Rendering options: inputs, templates, sign-off, metric shapes and charts."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from sm_governance.card import ModelCard
from sm_governance.errors import ValidationError
from sm_governance.render import SignOff, render, render_html, render_markdown
from sm_governance.render._svg import bar_chart_svg, line_chart_svg
from sm_governance.render._text import format_number, format_value
from sm_governance.render._view import build_sections

SVG = "{http://www.w3.org/2000/svg}"


@dataclasses.dataclass(frozen=True)
class _Version:
    """Shaped like ``ModelVersion``: the renderer reads attributes, not a type."""

    arn: str
    group: str
    version: int
    approval_status: str
    card: ModelCard | None
    datazone_project_id: str | None = None
    lifecycle: Any = None


def test_a_card_a_mapping_and_its_content_render_the_same(card: ModelCard) -> None:
    assert render_markdown(card) == render_markdown(card.to_content())
    assert render_html(card) == render_html(card.to_content())


def test_a_version_object_shows_its_facts_and_its_card(card: ModelCard) -> None:
    v = _Version("arn:aws:sagemaker:us-east-1:1:model-package/g/2", "g", 2, "Approved", card)
    text = render_markdown(v)
    assert text.startswith("# Model card: g version 2\n")
    assert "| Approval status | Approved |" in text
    assert "Rank applications by default risk." in text
    # the version may also be given beside a card, and its DataZone project wins
    other = dataclasses.replace(v, card=None, datazone_project_id="proj_from_registry")
    text = render_markdown({"intended_uses": {"risk_rating": "Low"}}, version=other)
    assert "| DataZone project | proj_from_registry |" in text
    assert "| Risk rating | Low |" in text


def test_a_version_without_a_card_renders_its_facts_only() -> None:
    v = _Version("arn:x", "g", 1, "Rejected", None, lifecycle="Archived")
    text = render_markdown(version=v, sign_off=False)
    assert "| Lifecycle | Archived |" in text
    assert "## Model overview" not in text


def test_a_policy_report_object_with_to_dict_is_accepted(report: dict[str, Any]) -> None:
    class Report:
        def to_dict(self) -> dict[str, Any]:
            return report

    text = render_markdown({}, policy_report=Report())
    assert "## Policy gate: failed" in text
    assert "| p95_latency_ms \\<= 500 | FAIL |  | metric not in the card |" in text


def test_title_and_sign_off_options() -> None:
    text = render_markdown({}, title="Credit <v3>", sign_off=["Risk committee"])
    assert text.startswith("# Credit \\<v3>\n")
    assert "| Risk committee |  |  |  |  |" in text
    assert "Sign-off" not in render_markdown({}, sign_off=False)
    assert "| Model owner |" in render_markdown({}, sign_off=True)
    assert "| CRO |" in render_markdown({}, sign_off="CRO")
    page = render_html({}, sign_off=[SignOff("CRO", name="<Jo>", decision="Approved")])
    assert "<td>&lt;Jo&gt;</td><td>Approved</td>" in page


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"format": "pdf"}, "format"),
        ({"template": "/no/such/template.j2"}, "template"),
    ],
)
def test_bad_options_are_validation_errors(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        render({}, **kwargs)
    assert info.value.paths == [path]


def test_bad_card_inputs_are_validation_errors() -> None:
    with pytest.raises(ValidationError, match="a card or a version is required"):
        render()
    with pytest.raises(ValidationError, match="expected a ModelCard or a content mapping"):
        render(42)


def test_markdown_format_aliases() -> None:
    assert render({}, format="markdown") == render({}, format="md")
    assert render({}, format="HTML").startswith("<!DOCTYPE html>")  # type: ignore[arg-type]


def test_a_template_directory_overrides_one_block_and_keeps_the_rest(
    tmp_path: Path, card: ModelCard
) -> None:
    # GIVEN a directory with a Markdown template that replaces only the sign-off block
    (tmp_path / "card.md.j2").write_text(
        '{% extends "builtin/card.md.j2" %}\n'
        "{% block sign_off %}Signed: {{ sign_off | length }} roles, {{ title }}{% endblock %}\n"
    )
    # WHEN both formats render with it
    text = render_markdown(card, template=tmp_path, title="T|<x>")
    page = render_html(card, template=tmp_path)
    # THEN the Markdown uses the block, values still escaped, and the HTML is the bundled one
    assert text.endswith("Signed: 2 roles, T\\|\\<x>\n")
    assert "## Intended uses" in text
    assert page == render_html(card)


def test_a_template_file_is_used_as_is(tmp_path: Path) -> None:
    path = tmp_path / "mine.html.j2"
    path.write_text("<p>{{ title }}</p>{% for s in sections %}<i>{{ s.title }}</i>{% endfor %}")
    page = render_html({"business_details": {"line_of_business": "x"}}, template=path, title="<a>")
    assert page == "<p>&lt;a&gt;</p><i>Business details</i>\n"


def test_template_errors_name_the_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "card.md.j2").write_text("line one\n{% if %}\n")
    with pytest.raises(ValidationError, match=r"card.md.j2:2: ") as info:
        render_markdown({}, template=tmp_path)
    assert info.value.paths == ["template"]
    (tmp_path / "card.md.j2").write_text("{{ no_such_variable }}")
    with pytest.raises(ValidationError, match="no_such_variable"):
        render_markdown({}, template=tmp_path)


def test_unknown_fields_and_shapes_are_shown_not_dropped() -> None:
    content = {
        "model_overview": {"model_description": "", "extra_field": {"nested": {"deep": [1, 2]}}},
        "business_details": {"line_of_business": None, "objects": [{"a": 1}, {"b": [2]}]},
        "future_section": {"note": "kept"},
        "loose": "value",
    }
    text = render_markdown(content, sign_off=False)
    assert "**Extra field / Nested / Deep**\n\n- 1\n- 2\n" in text
    assert '\\[{"a":1},{"b":\\[2\\]}\\]' in text
    assert "## Future section" in text
    assert "kept" in text
    assert "## Loose" in text
    assert "Line of business" not in text
    assert "Description" not in text


def test_objective_function_shapes() -> None:
    plain = build_sections({"training_details": {"objective_function": {"function": "Maximize"}}})
    assert [(f.label, f.text) for f in plain[0].fields] == [("Objective function", "Maximize")]
    extra = build_sections(
        {"training_details": {"objective_function": {"notes": "n", "other": "o"}}}
    )
    assert [f.label for f in extra[0].fields] == [
        "Objective function notes",
        "Objective function / Other",
    ]


def _metric_view(metric: dict[str, Any]) -> Any:
    content = {
        "evaluation_details": [
            {"name": "e", "metric_groups": [{"name": "g", "metric_data": [metric]}]}
        ]
    }
    return build_sections(content)[0].evaluations[0].groups[0]


def test_matrix_without_axis_names_numbers_rows_and_columns() -> None:
    group = _metric_view({"name": "m", "type": "matrix", "value": [[1, 2, 3], [4, 5, 6]]})
    table = group.metrics[0].table
    assert table.headers == ["", "1", "2", "3"]
    assert table.rows == [["1", "1", "2", "3"], ["2", "4", "5", "6"]]
    assert group.simple is None


def test_bar_chart_svg_has_one_bar_per_finite_value() -> None:
    svg = ET.fromstring(str(bar_chart_svg([3, -1, float("nan")], ["a", "b", "c"], title="t<")))
    bars = svg.findall(f"{SVG}rect")
    assert len(bars) == 2
    assert svg.find(f"{SVG}title").text == "t<"  # type: ignore[union-attr]
    # a negative bar hangs below the zero baseline, so its top is the baseline
    assert float(bars[1].get("y", "0")) == pytest.approx(
        float(bars[0].get("y", "0")) + float(bars[0].get("height", "0"))
    )


def test_bar_chart_labels_are_shortened_and_left_out_when_crowded() -> None:
    few = str(bar_chart_svg([1], ["a very long category"], title="t"))
    assert "a very lo\u2026" in few
    many = ET.fromstring(
        str(bar_chart_svg(list(range(13)), [str(i) for i in range(13)], title="t"))
    )
    assert len(many.findall(f"{SVG}rect")) == 13
    assert [t for t in many.findall(f"{SVG}text") if t.get("y") == "174"] == []


def test_line_chart_scales_points_and_survives_flat_or_empty_data() -> None:
    svg = ET.fromstring(str(line_chart_svg([(0, 0), (1, 2)], title="roc", x_name="x", y_name="y")))
    points = svg.find(f"{SVG}polyline").get("points", "").split()  # type: ignore[union-attr]
    assert points == ["56.0,160.0", "348.0,12.0"]
    flat = ET.fromstring(str(line_chart_svg([(1, 5), (1, 5)], title="flat")))
    assert flat.find(f"{SVG}polyline") is not None
    empty = ET.fromstring(str(line_chart_svg([(float("inf"), 1)], title="none")))
    assert empty.find(f"{SVG}polyline") is None


def test_graph_metrics_without_drawable_values_have_tables_only() -> None:
    group = _metric_view({"name": "b", "type": "bar_chart", "value": [1, "x"]})
    assert group.metrics[0].chart is None
    assert group.metrics[0].table.rows == [["1", "1"], ["2", "x"]]
    group = _metric_view({"name": "l", "type": "linear_graph", "value": [[0, "a"], 3]})
    assert group.metrics[0].chart is None
    assert group.metrics[0].table.rows == [["0", "a"], ["3"]]
    group = _metric_view({"name": "odd", "type": "histogram", "value": {"bins": [1]}})
    assert group.metrics[0].table.rows == [['{"bins":[1]}']]


def test_long_series_fold_into_details_in_html() -> None:
    points = [[i / 20, (i / 20) ** 0.5] for i in range(21)]
    page = render_html(
        {
            "evaluation_details": [
                {
                    "name": "e",
                    "metric_groups": [
                        {
                            "name": "g",
                            "metric_data": [
                                {"name": "roc", "type": "linear_graph", "value": points}
                            ],
                        }
                    ],
                }
            ]
        }
    )
    assert "<summary>Data (21 rows)</summary>" in page


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3, "3"),
        (3.0, "3"),
        (0.1 + 0.2, "0.30000000000000004"),
        (0.7999999, "0.7999999"),
        (0.79999999999, "0.79999999999"),
        (123456789012.25, "123456789012.25"),
        (0.1, "0.1"),
        (1e-7, "1e-07"),
        (1e20, "1e+20"),
        (float("nan"), "NaN"),
        (float("-inf"), "-Infinity"),
        (float("inf"), "Infinity"),
        (True, "Yes"),
        (False, "No"),
    ],
)
def test_numbers_read_as_a_person_writes_them(value: float, text: str) -> None:
    # the shortest text that reads back as the same number: never rounded to look tidier
    assert format_number(value) == text


def test_a_document_shows_the_metric_value_the_gate_judged() -> None:
    # GIVEN a metric just below a policy threshold
    from sm_governance.policy import Policy, evaluate

    policy = Policy.model_validate(
        {"policy": "p", "version": 1, "metrics": {"fairness_score": ">= 0.8"}}
    )
    metric = {"name": "fairness_score", "type": "number", "value": 0.79999999999}
    content = {
        "evaluation_details": [
            {"name": "holdout", "metric_groups": [{"name": "q", "metric_data": [metric]}]}
        ]
    }
    # WHEN the card is rendered with the gate's report
    text = render(content, policy_report=evaluate(policy, content))
    # THEN the document shows the value the gate failed, not a rounded 0.8 that would pass
    rows = [line for line in text.splitlines() if "fairness_score" in line]
    assert len(rows) == 2  # the gate's row and the metric's row
    assert all("0.79999999999" in row for row in rows)
    assert not any("| 0.8 |" in row for row in rows)


def test_values_of_every_kind_format_as_text() -> None:
    import datetime
    import enum

    class Colour(enum.Enum):
        RED = "red"

    assert format_value(None) == ""
    assert format_value(Colour.RED) == "red"
    assert format_value(datetime.date(2024, 1, 2)) == "2024-01-02"
    assert format_value({"b": 1, "a": (1, 2)}) == '{"a":[1,2],"b":1}'
    assert format_value(object).startswith('"<class')


def test_markdown_heads_a_claimed_override_of_an_approved_version_as_a_claim(
    version: dict[str, Any], report: dict[str, Any]
) -> None:
    version.update(
        approval_status="Approved",
        customer_metadata={
            "governance:gate": "overridden",
            "governance:override": "Risk committee minute 12",
        },
    )
    text = render(version, format="md", policy_report=report)
    assert "## Policy gate: failed (override claimed, unverified)\n" in text
    assert "with the justification: Risk committee minute 12. Anyone who may update" in text
    version["customer_metadata"] = {"governance:gate": "not-run"}
    assert "## Policy gate: failed\n" in render(version, format="md", policy_report=report)


@pytest.mark.parametrize(
    "values", [[-1.7e308, 1.7e308], [1.79e308, 1.79e308], [-1.79e308], [5e-324, -5e-324]]
)
def test_charts_of_the_largest_finite_numbers_have_finite_coordinates(
    values: list[float],
) -> None:
    # GIVEN values a card may hold at the ends of the 64-bit range
    bars = str(bar_chart_svg(values, [], title="t"))
    line = str(line_chart_svg([(v, v) for v in values], title="t"))
    # THEN every coordinate is a number (a difference that overflows would make it "nan")
    for svg in (bars, line):
        assert "nan" not in svg
        assert "inf" not in svg
        ET.fromstring(svg)
