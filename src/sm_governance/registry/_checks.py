"""Local checks of the values the registry sends, with SageMaker's own limits.

Every limit here is the one in botocore's SageMaker service model (shape name in the comment);
``tests/unit/registry/test_checks.py`` reads the service model and fails if one drifts.
botocore itself checks only types, required members and minimums before sending, so without
these checks a too-long value or a wrong pattern would first be noticed by SageMaker.

Each check returns the :class:`~sm_governance.errors.Problem` list for one field (empty when the
value is fine), so a caller can report every problem at once. Messages never repeat the value:
metadata and card text may be sensitive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import TypeVar

from sm_governance._datazone import datazone_domain_problem, datazone_project_problem
from sm_governance.errors import Problem

__all__ = [
    "LIMITS",
    "check_choice",
    "check_client_token",
    "check_datazone_domain",
    "check_datazone_id",
    "check_description",
    "check_entity_name",
    "check_image_uri",
    "check_instance_types",
    "check_kms_key_id",
    "check_lifecycle",
    "check_metadata",
    "check_s3_url",
    "check_string_list",
    "check_tags",
    "check_text",
]

E = TypeVar("E", bound=Enum)

LIMITS: dict[str, int] = {
    "EntityName": 63,  # group names, lifecycle stage and stage status
    "EntityDescription": 1024,  # group description
    "ContainerImage": 255,
    "Url": 1024,  # ModelDataUrl
    "ContentType": 256,
    "ResponseMIMEType": 1024,
    "KmsKeyId": 2048,
    "ClientToken": 36,
    "StageDescription": 1024,
    "CustomerMetadataKey": 128,
    "CustomerMetadataValue": 256,
    "CustomerMetadataMap": 50,
    "TagKey": 128,
    "TagValue": 256,
    "TagList": 50,
}

_ENTITY_NAME = re.compile(r"[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}")
_CLIENT_TOKEN = re.compile(r"[a-zA-Z0-9-]+")
_KMS_KEY_ID = re.compile(r"[a-zA-Z0-9:/_-]*")
_S3_URL = re.compile(r"s3://([^/]+)/?(.*)", re.DOTALL)
_MIME = re.compile(r"[-\w]+/.+", re.ASCII | re.DOTALL)
_NO_SPACE = re.compile(r"\S+")
# Java's "." stops at these; SageMaker's ".*" patterns therefore forbid them.
_LINE_BREAKS = frozenset("\n\r\u0085\u2028\u2029")
# Tag keys and values, metadata keys and values: [\p{L}\p{Z}\p{N}_.:/=+\-@]
_TAG_PUNCTUATION = frozenset("_.:/=+-@")


def _tag_text_ok(text: str) -> bool:
    return all(ch in _TAG_PUNCTUATION or unicodedata.category(ch)[0] in "LZN" for ch in text)


def _description_ok(text: str) -> bool:
    # EntityDescription: [\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*  (no control or format characters)
    return all(unicodedata.category(ch)[0] in "LMZSNP" for ch in text)


def _single_line(text: str) -> bool:
    return not any(ch in _LINE_BREAKS for ch in text)


def check_text(
    value: object,
    path: str,
    *,
    max_len: int,
    min_len: int = 1,
    pattern: re.Pattern[str] | None = None,
    rule: str = "",
) -> list[Problem]:
    """A string of ``min_len``..``max_len`` characters matching ``pattern`` (whole string)."""
    if not isinstance(value, str):
        return [Problem(path, "must be a string")]
    if len(value) < min_len:
        return [Problem(path, "must not be empty" if min_len == 1 else f"needs {min_len}+ chars")]
    if len(value) > max_len:
        return [Problem(path, f"must be at most {max_len} characters (got {len(value)})")]
    if pattern is not None and not pattern.fullmatch(value):
        return [Problem(path, rule or f"must match {pattern.pattern}")]
    return []


def check_entity_name(value: object, path: str) -> list[Problem]:
    """SageMaker's ``EntityName``: 1-63 letters, digits, hyphens; no leading/trailing hyphen."""
    return check_text(
        value,
        path,
        max_len=LIMITS["EntityName"],
        pattern=_ENTITY_NAME,
        rule="must be 1-63 letters, digits or hyphens, starting and ending with a letter or digit",
    )


def check_description(value: object, path: str, *, max_len: int) -> list[Problem]:
    """Free text of at most ``max_len`` characters without control characters."""
    problems = check_text(value, path, max_len=max_len, min_len=0)
    if not problems and not _description_ok(str(value)):
        problems.append(Problem(path, "must not contain control characters"))
    return problems


def check_client_token(value: object, path: str = "client_token") -> list[Problem]:
    """``ClientToken``: 1-36 letters, digits or hyphens."""
    return check_text(
        value,
        path,
        max_len=LIMITS["ClientToken"],
        pattern=_CLIENT_TOKEN,
        rule="must be 1-36 letters, digits or hyphens (a UUID fits)",
    )


def check_kms_key_id(value: object, path: str = "kms_key_id") -> list[Problem]:
    """``KmsKeyId``: a key ID, key ARN, alias name or alias ARN."""
    return check_text(
        value,
        path,
        max_len=LIMITS["KmsKeyId"],
        pattern=_KMS_KEY_ID,
        rule="must be a KMS key ID, key ARN, alias or alias ARN (letters, digits and :/_-)",
    )


def check_s3_url(value: object, path: str) -> list[Problem]:
    """An ``s3://bucket/key`` URL of at most 1,024 characters."""
    problems = check_text(
        value,
        path,
        max_len=LIMITS["Url"],
        pattern=_S3_URL,
        rule="must be an S3 URL (s3://bucket/key)",
    )
    if not problems and not _NO_SPACE.fullmatch(str(value)):
        problems.append(Problem(path, "must not contain whitespace"))
    return problems


def check_datazone_domain(value: object, path: str) -> list[Problem]:
    """A DataZone domain ID: ``dzd_`` or ``dzd-`` and 1-36 letters, digits, ``_`` or ``-``."""
    problem = datazone_domain_problem(value)
    return [Problem(path, problem)] if problem else []


def check_image_uri(value: object, path: str = "image_uri") -> list[Problem]:
    """``ContainerImage``: 1-255 characters without whitespace."""
    return check_text(
        value,
        path,
        max_len=LIMITS["ContainerImage"],
        pattern=_NO_SPACE,
        rule="must be a container image URI without whitespace",
    )


def check_datazone_id(value: object, path: str) -> list[Problem]:
    """A DataZone project ID: 1-36 letters, digits, ``_`` or ``-``."""
    problem = datazone_project_problem(value)
    return [Problem(path, problem)] if problem else []


def check_string_list(
    values: object,
    path: str,
    *,
    max_len: int,
    mime: bool = False,
    allow_empty_list: bool = False,
) -> list[Problem]:
    """A list of single-line strings (``mime``: each ``type/subtype``)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        return [Problem(path, "must be a list of strings, not a single string")]
    items = list(values)
    problems: list[Problem] = []
    if not items and not allow_empty_list:
        problems.append(Problem(path, "must not be empty"))
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        found = check_text(item, where, max_len=max_len)
        if not found and not _single_line(str(item)):
            found.append(Problem(where, "must be a single line"))
        if not found and mime and not _MIME.fullmatch(str(item)):
            found.append(Problem(where, "must be a MIME type such as text/csv"))
        problems.extend(found)
    return problems


def check_instance_types(values: object, path: str, allowed: Sequence[str]) -> list[Problem]:
    """A non-empty list of instance types, each one of ``allowed`` (from the service model)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        return [Problem(path, "must be a list of instance types, not a single string")]
    items = list(values)
    if not items:
        return [Problem(path, "must not be empty (pass None to leave it out)")]
    permitted = frozenset(allowed)
    return [
        Problem(f"{path}[{index}]", "is not an instance type SageMaker supports here")
        for index, item in enumerate(items)
        if item not in permitted
    ]


def check_choice(value: object, enum: type[E], path: str) -> tuple[E | None, list[Problem]]:
    """An enum member or its string value; returns the member."""
    try:
        return enum(value), []
    except ValueError:
        choices = ", ".join(str(member.value) for member in enum)
        return None, [Problem(path, f"must be one of {choices}")]


def _check_pairs(
    pairs: object,
    path: str,
    *,
    what: str,
    key_max: int,
    value_max: int,
    value_min: int,
    max_entries: int,
) -> list[Problem]:
    if not isinstance(pairs, Mapping):
        return [Problem(path, f"must be a mapping of {what} keys to values")]
    problems: list[Problem] = []
    if len(pairs) > max_entries:
        problems.append(Problem(path, f"must have at most {max_entries} entries"))
    for key, value in pairs.items():
        key_path = f"{path}[{key!r}]" if isinstance(key, str) else path
        if not isinstance(key, str) or not 1 <= len(key) <= key_max:
            problems.append(Problem(key_path, f"key must be a string of 1-{key_max} characters"))
        elif not _tag_text_ok(key):
            problems.append(
                Problem(key_path, "key may hold only letters, numbers, spaces and _.:/=+-@")
            )
        if not isinstance(value, str) or not value_min <= len(value) <= value_max:
            problems.append(
                Problem(key_path, f"value must be a string of {value_min}-{value_max} characters")
            )
        elif not _tag_text_ok(value):
            problems.append(
                Problem(key_path, "value may hold only letters, numbers, spaces and _.:/=+-@")
            )
    return problems


def check_metadata(pairs: object, path: str = "customer_metadata") -> list[Problem]:
    """``CustomerMetadataProperties``: at most 50 entries, keys 1-128, values 1-256 chars."""
    return _check_pairs(
        pairs,
        path,
        what="metadata",
        key_max=LIMITS["CustomerMetadataKey"],
        value_max=LIMITS["CustomerMetadataValue"],
        value_min=1,
        max_entries=LIMITS["CustomerMetadataMap"],
    )


def check_tags(pairs: object, path: str = "tags") -> list[Problem]:
    """Tags: at most 50, keys 1-128 chars (not ``aws:``), values 0-256 chars."""
    problems = _check_pairs(
        pairs,
        path,
        what="tag",
        key_max=LIMITS["TagKey"],
        value_max=LIMITS["TagValue"],
        value_min=0,
        max_entries=LIMITS["TagList"],
    )
    if isinstance(pairs, Mapping):
        problems.extend(
            Problem(f"{path}[{key!r}]", "keys starting with 'aws:' are reserved by AWS")
            for key in pairs
            if isinstance(key, str) and key.lower().startswith("aws:")
        )
    return problems


def check_lifecycle(
    stage: object, stage_status: object, description: object, path: str = "lifecycle"
) -> list[Problem]:
    """``ModelLifeCycle``: stage and status are entity names; description one line, <=1024."""
    problems = check_entity_name(stage, f"{path}.stage")
    problems += check_entity_name(stage_status, f"{path}.stage_status")
    if description is not None:
        found = check_text(
            description, f"{path}.description", max_len=LIMITS["StageDescription"], min_len=0
        )
        if not found and not _single_line(str(description)):
            found.append(Problem(f"{path}.description", "must be a single line"))
        problems += found
    return problems
