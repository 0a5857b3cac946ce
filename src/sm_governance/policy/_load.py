"""Reading policy files: YAML text or a path in, a :class:`Policy` or a listed error out."""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic
import yaml

from sm_governance.errors import Problem, ValidationError
from sm_governance.policy._model import FORMAT_VERSION, KEY_ORDER, Policy, version_too_new
from sm_governance.policy._paths import format_path

__all__ = [
    "MAX_POLICY_BYTES",
    "bundled_policies",
    "load_policy",
    "policy_from_data",
    "policy_from_text",
]

#: The size limit of a policy, in a file or an S3 object.
MAX_POLICY_BYTES = 1_000_000
_FILE_SUFFIXES = (".yaml", ".yml", ".json")
_WHEN_KEYS = ("risk_rating", "require", "metrics", "datazone_project")
_UNQUOTED_THRESHOLD = re.compile(r":\s*[<>=]")
_BUNDLED_NAME = re.compile(r"[a-z][a-z0-9-]{0,127}")


#: A policy is a few dozen values; aliases that expand past this are refused (YAML bombs).
_MAX_NODES = 100_000


class _StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key written twice in one mapping, and a document
    whose aliases expand to more than ``_MAX_NODES`` values (a "billion laughs" file)."""

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None and _expanded_size(node, {}) > _MAX_NODES:
            raise yaml.composer.ComposerError(
                None, None, f"it expands to more than {_MAX_NODES:,} values", node.start_mark
            )
        return node


def _expanded_size(node: yaml.Node, seen: dict[int, int]) -> int:
    """How many nodes the document holds once every alias is expanded (each node once)."""
    known = seen.get(id(node))
    if known is not None:
        return known
    seen[id(node)] = 1  # a node reached again through itself (a recursive alias)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, seen) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, seen) + _expanded_size(v, seen) for k, v in node.value)
    seen[id(node)] = min(size, _MAX_NODES + 1)
    return seen[id(node)]


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Hashable, Any]:
    loader.flatten_mapping(node)
    seen: dict[Hashable, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, Hashable) and key in seen:
            first = seen[key].start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key {key!r} appears twice in one mapping (first on line {first})",
                key_node.start_mark,
            )
        if isinstance(key, Hashable):
            seen[key] = key_node
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> int:
    # The JSON reader's limit (Python's own default), whatever the interpreter's setting.
    from sm_governance._files import MAX_INT_DIGITS

    # 14,000 bits is about 4,200 decimal digits: such a number can still be printed.
    if len(str(node.value)) > MAX_INT_DIGITS or (
        (value := int(loader.construct_yaml_int(node))).bit_length() > 14_000
    ):
        raise yaml.constructor.ConstructorError(
            None, None, f"an integer has more than {MAX_INT_DIGITS:,} digits", node.start_mark
        )
    return value


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_policy(path_or_text: str | os.PathLike[str]) -> Policy:
    """Read and validate a policy from a file path, a bundled policy's name, or YAML text.

    A bare name such as ``eu-ai-act-high-risk`` (lowercase letters, digits, hyphens) that is
    not a file here names a bundled policy (:func:`bundled_policies`). A ``PathLike`` is
    always read as a file. A ``str`` is read as a file when it is one line
    naming an existing file or ending in ``.yaml``, ``.yml`` or ``.json``; otherwise it is
    the YAML text itself. JSON is YAML, so a JSON policy reads too.

    Raises:
        sm_governance.errors.ValidationError: the file cannot be read, is not YAML, or is
            not a valid policy. Every problem is listed with its path, for example
            ``when[0].metrics.fairness_score``.

    Example:
        >>> policy = load_policy("policy: demo\\nrequire: [intended_uses.purpose_of_model]\\n")
        >>> policy.name
        'demo'
    """
    if isinstance(path_or_text, str) and _is_bundled_name(path_or_text):
        return _load_bundled(path_or_text.strip())
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(path_or_text):
        path = Path(path_or_text)
        subject = f"policy file {str(path)!r}"
        text = _read(path, subject)
    else:
        subject, text = "policy", path_or_text
    return policy_from_data(_parse_yaml(text, subject), subject=subject)


def bundled_policies() -> tuple[str, ...]:
    """The names of the policies that ship with sm-governance, for ``--policy NAME``.

    Example:
        >>> "eu-ai-act-high-risk" in bundled_policies()
        True
    """
    folder = resources.files("sm_governance.policy") / "bundled"
    return tuple(sorted(f.name[:-5] for f in folder.iterdir() if f.name.endswith(".yaml")))


def _is_bundled_name(text: str) -> bool:
    """A bare name (no file of that name here): a bundled policy, or a mistyped one."""
    name = text.strip()
    return bool(_BUNDLED_NAME.fullmatch(name)) and not Path(name).exists()


def _load_bundled(name: str) -> Policy:
    names = bundled_policies()
    if name not in names:
        raise ValidationError(
            [
                Problem(
                    "",
                    f"no such file, and no bundled policy of that name "
                    f"(bundled: {', '.join(names)})",
                )
            ],
            subject=f"policy {name!r}",
        )
    text = (resources.files("sm_governance.policy") / "bundled" / f"{name}.yaml").read_text(
        encoding="utf-8"
    )
    subject = f"bundled policy {name!r}"
    return policy_from_data(_parse_yaml(text, subject), subject=subject)


def _looks_like_path(text: str) -> bool:
    if "\n" in text or not text.strip():
        return False
    return text.strip().lower().endswith(_FILE_SUFFIXES) or Path(text).is_file()


def _read(path: Path, subject: str) -> str:
    from sm_governance._files import max_file_bytes, read_text

    limit = min(MAX_POLICY_BYTES, max_file_bytes())
    return read_text(path, subject=subject, name="it", limit=limit)


def _parse_yaml(text: str, subject: str) -> Any:
    if len(text) > MAX_POLICY_BYTES:
        raise ValidationError(
            [Problem("", f"it is longer than {MAX_POLICY_BYTES:,} characters")], subject=subject
        )
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ValidationError([Problem("", _yaml_message(exc, text))], subject=subject) from exc
    except RecursionError as exc:
        raise ValidationError([Problem("", "it is nested too deeply")], subject=subject) from exc


def _yaml_message(exc: yaml.YAMLError, text: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return f"not valid YAML: {problem}"
    message = f"not valid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if _UNQUOTED_THRESHOLD.search(line):
        message += ' (quote thresholds: fairness_score: ">= 0.8")'
    return message


def policy_from_text(text: str, *, subject: str = "policy") -> Policy:
    """Parse and validate policy YAML (or JSON) text that did not come from a local file.

    Raises:
        sm_governance.errors.ValidationError: the text is not YAML or not a valid policy.
    """
    return policy_from_data(_parse_yaml(text, subject), subject=subject)


def policy_from_data(data: Any, *, subject: str = "policy") -> Policy:
    """Validate parsed policy data, listing every problem with its path.

    Raises:
        sm_governance.errors.ValidationError: the data is not a valid policy.
    """
    if data is None:
        raise ValidationError([Problem("", "it is empty")], subject=subject)
    if not isinstance(data, Mapping):
        raise ValidationError(
            [
                Problem(
                    "",
                    f"it must be a mapping with the keys {', '.join(KEY_ORDER)}, not {_kind(data)}",
                )
            ],
            subject=subject,
        )
    version = data.get("version")
    if type(version) is int and version > FORMAT_VERSION:
        # A newer format may mean anything; report only what matters.
        raise ValidationError([Problem("version", version_too_new(version))], subject=subject)
    bad_keys = [Problem(str(key), "a key must be text") for key in data if not isinstance(key, str)]
    if bad_keys:
        raise ValidationError(bad_keys, subject=subject)
    try:
        return Policy.model_validate(dict(data))
    except pydantic.ValidationError as exc:
        problems = [_problem(error) for error in exc.errors(include_url=False)]
        raise ValidationError(problems, subject=subject) from None


def _kind(value: object) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, Sequence):
        return "a list"
    return f"a {type(value).__name__}"


def _problem(error: Mapping[str, Any]) -> Problem:
    loc = list(error["loc"])
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc.pop()
    path = format_path(tuple(seg if isinstance(seg, int) else str(seg) for seg in loc))
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _WHEN_KEYS if "when" in loc[:1] else KEY_ORDER
        return Problem(path, f"unknown key {loc[-1]!r} (known keys: {', '.join(known)})")
    return Problem(path, _message(kind, error, is_key))


_TYPE_MESSAGES = {
    "missing": "is required",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "must be one line of text",
}


def _message(kind: str, error: Mapping[str, Any], is_key: bool) -> str:
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in ("literal_error", "enum"):
        message = f"must be one of {error['ctx']['expected']}"
    elif kind == "string_too_long":
        message = f"must have at most {error['ctx']['max_length']} characters"
    else:
        message = _TYPE_MESSAGES.get(kind, str(error["msg"]))
    return f"the key {message}" if is_key else message
