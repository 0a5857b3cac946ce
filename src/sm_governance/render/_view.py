"""The card as a reader sees it: sections of labelled fields, tables and charts.

Templates receive these plain objects (plus the raw content), so a template never has to
know the content schema's nesting. Fields appear in the schema's order; fields the renderer
does not know are shown too, with a label made from their name, so nothing in a card is
ever hidden from its reader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from sm_governance.render._svg import bar_chart_svg, line_chart_svg
from sm_governance.render._text import format_value

__all__ = ["Evaluation", "Field", "Metric", "MetricGroup", "Section", "Table", "build_sections"]

SECTION_TITLES: dict[str, str] = {
    "model_overview": "Model overview",
    "intended_uses": "Intended uses",
    "business_details": "Business details",
    "training_details": "Training details",
    "evaluation_details": "Evaluation details",
    "additional_information": "Additional information",
}

_LABELS: dict[str, str] = {
    "model_id": "Model ID",
    "model_name": "Model name",
    "model_version": "Model version",
    "model_description": "Description",
    "model_creator": "Creator",
    "model_owner": "Owner",
    "model_artifact": "Model artifacts",
    "algorithm_type": "Algorithm type",
    "problem_type": "Problem type",
    "purpose_of_model": "Purpose of the model",
    "intended_uses": "Intended uses",
    "factors_affecting_model_efficiency": "Factors affecting model efficiency",
    "risk_rating": "Risk rating",
    "explanations_for_risk_rating": "Explanation of the risk rating",
    "business_problem": "Business problem",
    "business_stakeholders": "Business stakeholders",
    "line_of_business": "Line of business",
    "objective_function": "Objective function",
    "training_observations": "Training observations",
    "training_arn": "Training job ARN",
    "training_datasets": "Training datasets",
    "training_metrics": "Training metrics",
    "user_provided_training_metrics": "User-provided training metrics",
    "hyper_parameters": "Hyper-parameters",
    "user_provided_hyper_parameters": "User-provided hyper-parameters",
    "evaluation_observation": "Observations",
    "evaluation_job_arn": "Evaluation job ARN",
    "datasets": "Datasets",
    "metadata": "Metadata",
    "ethical_considerations": "Ethical considerations",
    "caveats_and_recommendations": "Caveats and recommendations",
    "custom_details": "Custom details",
}
# Labels that depend on where a field sits, and wrappers whose fields are shown in place.
_PATH_LABELS: dict[str, str] = {
    "model_overview.inference_environment.container_image": "Inference container images",
    "training_details.training_job_details.training_environment.container_image": (
        "Training container images"
    ),
}
_TRANSPARENT = frozenset(
    {
        "model_overview.inference_environment",
        "training_details.training_job_details",
        "training_details.training_job_details.training_environment",
    }
)
_SIMPLE_TYPES = frozenset({"number", "string", "boolean"})


def label(key: str) -> str:
    """The reader's name for a content field (``risk_rating`` -> ``Risk rating``)."""
    return _LABELS.get(key) or key.replace("_", " ").strip().capitalize() or key


@dataclass(frozen=True)
class Table:
    """A table of text cells; ``row_headers`` marks the first column as headers."""

    headers: list[str]
    rows: list[list[str]]
    row_headers: bool = False


@dataclass(frozen=True)
class Field:
    """One labelled field: ``kind`` is ``text`` (``text``), ``list`` (``items``) or ``table``."""

    label: str
    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass(frozen=True)
class Metric:
    """A metric shown on its own: a matrix, bar chart or linear graph (table and chart)."""

    name: str
    type: str
    notes: str
    table: Table
    chart: Markup | None


@dataclass(frozen=True)
class MetricGroup:
    """A metric group: its simple metrics as one table, then each graph-like metric."""

    name: str
    simple: Table | None
    metrics: list[Metric]


@dataclass(frozen=True)
class Evaluation:
    """One evaluation job of ``evaluation_details``."""

    name: str
    fields: list[Field]
    groups: list[MetricGroup]


@dataclass(frozen=True)
class Section:
    """A card section; ``evaluations`` is filled for ``evaluation_details`` only."""

    key: str
    title: str
    fields: list[Field]
    evaluations: list[Evaluation] = field(default_factory=list)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _named_table(items: Sequence[Any]) -> Table | None:
    """Name/value(/notes) rows for metric or hyper-parameter lists, else ``None``."""
    if not all(isinstance(i, Mapping) and set(i) <= {"name", "value", "notes"} for i in items):
        return None
    with_notes = any(i.get("notes") for i in items)
    rows = [
        [format_value(i.get("name")), format_value(i.get("value"))]
        + ([format_value(i.get("notes"))] if with_notes else [])
        for i in items
    ]
    return Table(["Name", "Value", *(["Notes"] if with_notes else [])], rows)


def _fields(data: Mapping[str, Any], path: str, prefix: str = "") -> list[Field]:
    out: list[Field] = []
    for key, value in data.items():
        here = f"{path}.{key}"
        name = _PATH_LABELS.get(here) or (f"{prefix}{label(key)}")
        if value is None or value in ("", [], {}):
            continue
        if here == "training_details.objective_function" and isinstance(value, Mapping):
            out.extend(_objective(value))
        elif isinstance(value, Mapping) and here in _TRANSPARENT:
            out.extend(_fields(value, here, prefix))
        elif isinstance(value, Mapping) and all(_is_scalar(v) for v in value.values()):
            rows = [[format_value(k), format_value(v)] for k, v in value.items()]
            out.append(Field(name, "table", table=Table(["Key", "Value"], rows)))
        elif isinstance(value, Mapping):
            out.extend(_fields(value, here, f"{name} / "))
        elif isinstance(value, list) and all(_is_scalar(v) for v in value):
            out.append(Field(name, "list", items=[format_value(v) for v in value]))
        elif isinstance(value, list) and (table := _named_table(value)) is not None:
            out.append(Field(name, "table", table=table))
        else:
            out.append(Field(name, "text", text=format_value(value)))
    return out


def _objective(value: Mapping[str, Any]) -> list[Field]:
    function = value.get("function")
    notes = value.get("notes")
    out: list[Field] = []
    if isinstance(function, Mapping):
        words = [format_value(function.get("function")), format_value(function.get("facet"))]
        text = " ".join(w for w in words if w)
        if function.get("condition"):
            text = f"{text} ({format_value(function['condition'])})".strip()
        if text:
            out.append(Field("Objective function", "text", text=text))
    elif function:
        out.append(Field("Objective function", "text", text=format_value(function)))
    if notes:
        out.append(Field("Objective function notes", "text", text=format_value(notes)))
    rest = {k: v for k, v in value.items() if k not in ("function", "notes")}
    return out + _fields(rest, "training_details.objective_function", "Objective function / ")


def _axis(names: Any, index: int) -> str:
    if isinstance(names, list) and index < len(names):
        return format_value(names[index])
    return str(index + 1)


def _numbers(value: Any) -> list[float]:
    return [float(v) for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]


def _metric(data: Mapping[str, Any]) -> Metric | None:
    """A graph-like metric view, or ``None`` when ``data`` is a simple metric."""
    kind = format_value(data.get("type"))
    name = format_value(data.get("name"))
    notes = format_value(data.get("notes"))
    value = data.get("value")
    x_names, y_names = data.get("x_axis_name"), data.get("y_axis_name")
    if kind == "matrix" and isinstance(value, list):
        rows = [r if isinstance(r, list) else [r] for r in value]
        width = max((len(r) for r in rows), default=0)
        headers = ["", *(_axis(x_names, j) for j in range(width))]
        cells = [[_axis(y_names, i), *(format_value(c) for c in r)] for i, r in enumerate(rows)]
        return Metric(name, kind, notes, Table(headers, cells, row_headers=True), None)
    if kind == "bar_chart" and isinstance(value, list):
        labels = [_axis(x_names, i) for i in range(len(value))]
        y_name = y_names if isinstance(y_names, str) else ""
        table = Table(
            ["Category", y_name or "Value"],
            [[lab, format_value(v)] for lab, v in zip(labels, value, strict=True)],
        )
        chart = bar_chart_svg(_numbers(value), labels, title=name, y_name=y_name)
        drawable = len(_numbers(value)) == len(value)
        return Metric(name, kind, notes, table, chart if drawable else None)
    if kind == "linear_graph" and isinstance(value, list):
        x_name = x_names if isinstance(x_names, str) else ""
        y_name = y_names if isinstance(y_names, str) else ""
        pairs = [p for p in value if isinstance(p, list) and len(_numbers(p)) == 2 == len(p)]
        table = Table(
            [x_name or "x", y_name or "y"],
            [
                [format_value(c) for c in p] if isinstance(p, list) else [format_value(p)]
                for p in value
            ],
        )
        points = [(float(p[0]), float(p[1])) for p in pairs]
        chart = line_chart_svg(points, title=name, x_name=x_name, y_name=y_name)
        return Metric(name, kind, notes, table, chart if points else None)
    if kind in _SIMPLE_TYPES or _is_scalar(value):
        return None
    return Metric(name, kind, notes, Table(["Value"], [[format_value(value)]]), None)


def _group(data: Mapping[str, Any]) -> MetricGroup:
    simple_rows: list[list[str]] = []
    notes_seen = False
    metrics: list[Metric] = []
    for item in data.get("metric_data") or []:
        if not isinstance(item, Mapping):
            continue
        view = _metric(item)
        if view is not None:
            metrics.append(view)
            continue
        shown = format_value(item.get("value"))
        notes = format_value(item.get("notes"))
        notes_seen = notes_seen or bool(notes)
        simple_rows.append([format_value(item.get("name")), shown, notes])
    simple = None
    if simple_rows:
        headers = ["Metric", "Value", *(["Notes"] if notes_seen else [])]
        simple = Table(headers, [r if notes_seen else r[:2] for r in simple_rows])
    return MetricGroup(format_value(data.get("name")), simple, metrics)


def _evaluation(data: Mapping[str, Any]) -> Evaluation:
    rest = {k: v for k, v in data.items() if k not in ("name", "metric_groups")}
    groups = [_group(g) for g in data.get("metric_groups") or [] if isinstance(g, Mapping)]
    return Evaluation(format_value(data.get("name")), _fields(rest, "evaluation_details[]"), groups)


def build_sections(content: Mapping[str, Any]) -> list[Section]:
    """The card's sections in schema order, then any unknown top-level field."""
    order = [k for k in SECTION_TITLES if k in content]
    order += sorted(k for k in content if k not in SECTION_TITLES)
    sections: list[Section] = []
    for key in order:
        value = content[key]
        title = SECTION_TITLES.get(key) or label(key)
        if key == "evaluation_details" and isinstance(value, list):
            evaluations = [_evaluation(e) for e in value if isinstance(e, Mapping)]
            if evaluations:
                sections.append(Section(key, title, [], evaluations))
        elif isinstance(value, Mapping):
            fields = _fields(value, key)
            if fields:
                sections.append(Section(key, title, fields))
        elif value not in (None, "", [], {}):
            sections.append(Section(key, title, _fields({key: value}, "")))
    return sections
