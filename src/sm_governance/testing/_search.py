"""``Search``: SageMaker's search expressions, sorting and pages.

For ``Resource=ModelPackage`` and ``ModelPackageGroup`` the whole expression is evaluated here:
``Filters``, ``NestedFilters`` and ``SubExpressions`` joined with ``Operator`` (``And`` by
default, or ``Or``), every operator of the service model's ``Operator`` enum, ``SortBy`` /
``SortOrder`` (``LastModifiedTime`` and ``Descending`` by default, as the API reference says),
``MaxResults`` (10 by default) and ``NextToken``. A property is a dotted path into the
resource as ``Search`` returns it (``ModelApprovalStatus``, ``ModelCard.ModelCardStatus``,
``CustomerMetadataProperties.datazone_project_id``, ``Tags.<key>``); a path whose first
part is no member of the resource's shape is refused, as SageMaker refuses an unknown property.
Other resources keep moto's evaluation and are paged here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from sm_governance.testing import _listing, _rules
from sm_governance.testing._backend import error, result

__all__ = ["evaluate", "search_handler"]

DEFAULT_MAX_RESULTS = 10
_OURS = ("ModelPackage", "ModelPackageGroup")
_MISSING = object()


def _bad(message: str) -> Exception:
    return error("ValidationException", message)


def _lookup(document: Any, parts: list[str]) -> Any:
    """The value at a dotted path; ``_MISSING`` when there is none (keys may hold dots)."""
    if not parts:
        return document
    if isinstance(document, list):
        if document and all(isinstance(i, dict) and "Key" in i for i in document):
            tags = {i["Key"]: i.get("Value") for i in document}  # Tags.<key>
            return _lookup(tags, parts)
        return _MISSING
    if not isinstance(document, Mapping):
        return _MISSING
    for cut in range(len(parts), 0, -1):
        key = ".".join(parts[:cut])
        if key in document:
            return _lookup(document[key], parts[cut:])
    return _MISSING


def _as_time(value: str, name: str) -> datetime:
    text = value.strip()
    try:
        moment = datetime.fromtimestamp(float(text), tz=timezone.utc)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise _bad(f"The value for {name} is not a valid date or time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _typed(actual: Any, value: str, name: str) -> Any:
    """``value`` as the type of ``actual``, for comparing."""
    if isinstance(actual, bool):
        return value.strip().lower() == "true"
    if isinstance(actual, (int, float)):
        try:
            return float(value)
        except ValueError:
            raise _bad(f"The value for {name} must be a number.") from None
    if isinstance(actual, datetime):
        return _as_time(value, name)
    return value


def _comparable(actual: Any) -> Any:
    if isinstance(actual, datetime) and actual.tzinfo is None:
        return actual.replace(tzinfo=timezone.utc)
    return actual


def _compare(actual: Any, operator: str, value: str | None, name: str) -> bool:
    if operator == "Exists":
        return actual is not _MISSING and actual is not None
    if operator == "NotExists":
        return actual is _MISSING or actual is None
    if value is None:
        raise _bad(f"A value is required for the {operator} operator on {name}.")
    if actual is _MISSING or actual is None:
        return operator == "NotEquals"
    if isinstance(actual, list):
        return any(_compare(item, operator, value, name) for item in actual)
    actual = _comparable(actual)
    if operator == "Contains":
        return isinstance(actual, str) and value in actual
    if operator == "In":
        return any(actual == _typed(actual, item, name) for item in value.split(","))
    expected = _typed(actual, value, name)
    if operator == "Equals":
        return bool(actual == expected)
    if operator == "NotEquals":
        return bool(actual != expected)
    if isinstance(actual, str):
        raise _bad(f"The {operator} operator is not supported for the text property {name}.")
    checks: dict[str, Callable[[Any, Any], bool]] = {
        "GreaterThan": lambda a, b: a > b,
        "GreaterThanOrEqualTo": lambda a, b: a >= b,
        "LessThan": lambda a, b: a < b,
        "LessThanOrEqualTo": lambda a, b: a <= b,
    }
    return checks[operator](actual, expected)


def _filter_holds(item: Mapping[str, Any], document: Any, prefix: str = "") -> bool:
    name = item["Name"]
    operator = item.get("Operator") or "Equals"
    path = name[len(prefix) :] if prefix and name.startswith(prefix) else name
    return _compare(_lookup(document, path.split(".")), operator, item.get("Value"), name)


def _nested_holds(nested: Mapping[str, Any], document: Any) -> bool:
    """Some element of the list at ``NestedPropertyName`` satisfies every filter.

    The filters name full paths (``InferenceSpecification.Containers.Image``), read from the
    element after the nested property's own path.
    """
    name = nested["NestedPropertyName"]
    found = _lookup(document, name.split("."))
    items = found if isinstance(found, list) else []
    filters = nested.get("Filters") or []
    prefix = f"{name}."
    return any(all(_filter_holds(f, element, prefix) for f in filters) for element in items)


def evaluate(expression: Mapping[str, Any] | None, document: Mapping[str, Any]) -> bool:
    """Whether a resource, as ``Search`` returns it, satisfies a ``SearchExpression``."""
    if not expression:
        return True
    answers = [_filter_holds(f, document) for f in expression.get("Filters") or []]
    answers += [_nested_holds(n, document) for n in expression.get("NestedFilters") or []]
    answers += [evaluate(sub, document) for sub in expression.get("SubExpressions") or []]
    if not answers:
        return True
    return any(answers) if expression.get("Operator") == "Or" else all(answers)


def _names(expression: Mapping[str, Any] | None) -> list[str]:
    if not expression:
        return []
    names = [f["Name"] for f in expression.get("Filters") or []]
    names += [n["NestedPropertyName"] for n in expression.get("NestedFilters") or []]
    for sub in expression.get("SubExpressions") or []:
        names += _names(sub)
    return names


def _check_properties(resource: str, params: Mapping[str, Any]) -> None:
    members = set(_rules.service_model().shape_for(resource).members)
    names = _names(params.get("SearchExpression"))
    if params.get("SortBy"):
        names.append(params["SortBy"])
    for name in names:
        if name.split(".", 1)[0] not in members:
            raise _bad(f"Unknown property name: {name}")


def _named_groups(expression: Mapping[str, Any] | None) -> set[str] | None:
    """The groups an ``And`` expression confines packages to, or ``None`` if it does not."""
    if not expression or expression.get("Operator", "And") != "And":
        return None
    named: set[str] | None = None
    for item in expression.get("Filters") or []:
        if item.get("Name") != "ModelPackageGroupName" or item.get("Value") is None:
            continue
        if item.get("Operator", "Equals") == "Equals":
            groups = {item["Value"]}
        elif item.get("Operator") == "In":
            groups = set(item["Value"].split(","))
        else:
            continue
        named = groups if named is None else named & groups
    return named


def _documents(
    backend: Any, resource: str, expression: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """The resources the expression can match, as ``Search`` returns them.

    A package search confined to named groups (``ModelPackageGroupName`` with ``Equals`` or
    ``In`` in an ``And`` expression) reads only those groups' packages, from the index.
    """
    if resource == "ModelPackage":
        packages = backend.model_packages
        everything = _listing.index(backend)
        groups = _named_groups(expression)
        if groups is None:
            entries = everything.everything
        else:
            entries = sorted(e for g in groups for e in everything.by_group.get(g, []))
        found = [packages[arn] for _, arn in entries if arn in packages]
    else:
        found = list(backend.model_package_groups.values())
    documents = []
    for item in found:
        document = item.gen_response_object()
        if getattr(item, "tags", None):
            document["Tags"] = item.tags
        documents.append(document)
    return documents


def _sorted(documents: list[dict[str, Any]], params: Mapping[str, Any]) -> list[dict[str, Any]]:
    sort_by = params.get("SortBy") or "LastModifiedTime"
    parts = sort_by.split(".")

    def key(document: dict[str, Any]) -> tuple[int, Any]:
        value = _lookup(document, parts)
        if (value is _MISSING or value is None) and sort_by == "LastModifiedTime":
            value = document.get("CreationTime")  # never modified: modified when created
        if value is _MISSING or value is None:
            return (1, "")
        return (0, _comparable(value))

    present = [d for d in documents if key(d)[0] == 0]
    absent = [d for d in documents if key(d)[0] == 1]
    try:
        present.sort(key=key, reverse=params.get("SortOrder", "Descending") != "Ascending")
    except TypeError:
        raise _bad(f"The results cannot be sorted by {sort_by}.") from None
    return present + absent


def search_handler(original: Any) -> Callable[[Any], Any]:
    """The ``Search`` handler (moto's ``original`` is not used: its results come unpaged)."""

    def search(self: Any) -> Any:
        params = self._get_params()
        resource = params["Resource"]
        backend = self.sagemaker_backend
        if resource in _OURS:
            _check_properties(resource, params)
            expression = params.get("SearchExpression")
            documents = [
                d for d in _documents(backend, resource, expression) if evaluate(expression, d)
            ]
            records = [{resource: d} for d in _sorted(documents, params)]
        else:
            answer = backend.search(resource, params.get("SearchExpression"))
            records = answer["Results"]
        limit = params.get("MaxResults") or DEFAULT_MAX_RESULTS
        query = _listing.fingerprint(params, ("NextToken", "MaxResults"))
        start = _listing.read_token(params.get("NextToken"), query) or 0
        page: dict[str, Any] = {"Results": records[start : start + limit]}
        if start + limit < len(records):
            page["NextToken"] = _listing.make_token(start + limit, query)
        return result(page)

    return search
