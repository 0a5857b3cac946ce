"""Loading policy files: the SPEC's format, every problem listed with its path."""

from __future__ import annotations

import re
from pathlib import Path

import pydantic
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sm_governance import RiskRating
from sm_governance.errors import ValidationError
from sm_governance.policy import FORMAT_VERSION, Policy, Threshold, load_policy


def problems(source: str) -> dict[str, str]:
    """The problems of an invalid policy, path -> message."""
    with pytest.raises(ValidationError) as info:
        load_policy(source)
    return {p.path: p.message for p in info.value.problems}


def test_the_specs_example_file_loads_verbatim(spec_policy_text: str) -> None:
    policy = load_policy(spec_policy_text)

    assert policy.name == "retail-credit"
    assert policy.version == FORMAT_VERSION == 1
    assert policy.require == (
        "intended_uses.purpose_of_model",
        "business_details.business_problem",
    )
    assert policy.metrics == {
        "fairness_score": (Threshold(">=", 0.8),),
        "p95_latency_ms": (Threshold("<=", 500),),
    }
    assert policy.datazone_project == "required"
    [when] = policy.when
    assert when.risk_rating == (RiskRating.HIGH,)
    assert when.require == ("additional_information.ethical_considerations",)
    assert when.metrics == {"fairness_score": (Threshold(">=", 0.9),)}


def test_a_file_is_read_from_a_path_or_a_path_string(tmp_path: Path, spec_policy_text: str) -> None:
    # GIVEN the SPEC's example saved as a file
    path = tmp_path / "retail.yaml"
    path.write_text(spec_policy_text, encoding="utf-8")
    # WHEN it is loaded by Path, by path string, and as text THEN all three agree
    assert load_policy(path) == load_policy(str(path)) == load_policy(spec_policy_text)


def test_a_file_without_a_yaml_suffix_is_read_when_it_exists(
    tmp_path: Path, spec_policy_text: str
) -> None:
    path = tmp_path / "gate.policy"
    path.write_text(spec_policy_text, encoding="utf-8")
    assert load_policy(str(path)).name == "retail-credit"


def test_a_json_policy_reads_too(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"policy": "j", "metrics": {"auc": ">= 0.9"}}', encoding="utf-8")
    assert load_policy(path).metrics == {"auc": (Threshold(">=", 0.9),)}


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfpolicy: b\ndatazone_project: required\n")
    assert load_policy(path).name == "b"


@pytest.mark.parametrize(
    ("setup", "fragment"),
    [
        (lambda p: None, "cannot read it: No such file or directory"),
        (lambda p: p.mkdir(), "cannot read it"),
        (
            lambda p: p.write_bytes(b"policy: \xff\xfe"),
            "not UTF-8 text (bad byte 0xff at offset 8)",
        ),
        (
            lambda p: p.write_bytes(b"#" * 1_000_001),
            "1,000,001 bytes, more than the limit of 1,000,000",
        ),
    ],
)
def test_unreadable_files_are_validation_errors_naming_the_file(
    tmp_path: Path, setup: object, fragment: str
) -> None:
    path = tmp_path / "policy.yaml"
    setup(path)  # type: ignore[operator]
    with pytest.raises(ValidationError, match=re.escape(fragment)) as info:
        load_policy(path)
    assert info.value.subject == f"policy file {str(path)!r}"


def test_defaults_make_a_minimal_policy() -> None:
    policy = load_policy("policy: minimal\nrequire: [intended_uses.purpose_of_model]\n")
    assert policy.version == 1
    assert policy.description is None
    assert policy.metrics == {}
    assert policy.datazone_project == "optional"
    assert policy.when == ()


def test_growth_keys_description_ranges_and_several_ratings() -> None:
    policy = load_policy(
        """
        policy: growth
        description: Ranges and several ratings
        metrics:
          calibration_error: [">= 0", "< 0.05"]
        when:
          - risk_rating: [High, Medium]
            datazone_project: required
        """
    )
    assert policy.description == "Ranges and several ratings"
    assert policy.metrics["calibration_error"] == (Threshold(">=", 0), Threshold("<", 0.05))
    assert policy.when[0].risk_rating == (RiskRating.HIGH, RiskRating.MEDIUM)
    assert policy.when[0].datazone_project == "required"


def test_a_policy_can_be_built_in_python() -> None:
    policy = Policy(policy="py", metrics={"auc": ">= 0.9"})
    assert policy.metrics["auc"] == (Threshold(">=", 0.9),)
    assert Policy.from_data({"policy": "py", "metrics": {"auc": ">= 0.9"}}) == policy
    with pytest.raises(ValidationError, match=r"metrics\.auc"):
        Policy.from_data({"policy": "py", "metrics": {"auc": "0.9"}})
    # thresholds may be given as objects too
    built = Policy(policy="py", metrics={"auc": Threshold(">=", 0.9)})
    assert built == policy


def test_a_newer_version_is_refused_when_built_in_python_too() -> None:
    with pytest.raises(pydantic.ValidationError, match="version 2 is newer"):
        Policy(policy="py", version=2, require=["business_details"])


def test_every_problem_is_listed_with_its_path() -> None:
    found = problems(
        """
        policy: ""
        version: true
        surprise: 1
        require: [intended_uses.purpose_of_modle, "a..b", 3, intended_uses.purpose_of_modle]
        metrics:
          fairness_score: "=> 0.8"
          bare: 0.5
          ranged: [">= 1", "< x"]
          flag: true
          nested: {a: b}
          1: ">= 2"
          "  ": "> 1"
        datazone_project: yes
        when:
          - risk_rating: high
            bogus: 1
            metrics: {fairness_score: 0.9}
          - risk_rating: High
          - 5
          - require: [intended_uses.purpose_of_model]
        """
    )
    assert set(found) == {
        "policy",
        "version",
        "surprise",
        "require[0]",
        "require[1]",
        "require[2]",
        "require[3]",
        "metrics.fairness_score",
        "metrics.bare",
        "metrics.ranged",
        "metrics.flag",
        "metrics.nested",
        "metrics[1]",
        'metrics["  "]',
        "datazone_project",
        "when[0].risk_rating[0]",
        "when[0].bogus",
        "when[0].metrics.fairness_score",
        "when[1]",
        "when[2]",
        "when[3].risk_rating",
    }
    assert found["policy"] == "must not be empty"
    assert found["version"] == "version must be the whole number 1"
    assert found["surprise"].startswith("unknown key 'surprise' (known keys: policy, version")
    assert "did you mean 'purpose_of_model'" in found["require[0]"]
    assert "is not a card field path" in found["require[1]"]
    assert found["require[2]"] == "a card field path must be a string, not int"
    assert "did you mean '>='" in found["metrics.fairness_score"]
    assert "not the bare number 0.5" in found["metrics.bare"]
    assert found["metrics.ranged"].startswith("[1] 'x' is not a number")
    assert found["metrics.flag"].endswith("not a boolean")
    assert found["metrics.nested"].endswith("not a mapping")
    assert found["metrics[1]"] == "the key must be text"
    assert found['metrics["  "]'] == "a metric name must have 1 to 255 characters"
    assert found["datazone_project"] == "must be one of 'required' or 'optional'"
    assert found["when[0].risk_rating[0]"] == "must be one of 'High', 'Medium', 'Low' or 'Unknown'"
    assert found["when[0].bogus"].startswith("unknown key 'bogus' (known keys: risk_rating,")
    assert "not the bare number 0.9" in found["when[0].metrics.fairness_score"]
    assert found["when[1]"].startswith("a when block needs at least one of require")
    assert found["when[2]"] == "must be a mapping"
    assert found["when[3].risk_rating"] == "is required"


def test_a_path_listed_twice_is_refused() -> None:
    found = problems(
        "policy: x\nrequire: [intended_uses.risk_rating, \"intended_uses['risk_rating']\"]\n"
    )
    assert found == {"require": "intended_uses.risk_rating is listed twice"}


@pytest.mark.parametrize(
    ("source", "path", "message"),
    [
        ("policy: x\nversion: 2\nsurprise: 1\n", "version", "version 2 is newer than this"),
        ("policy: x\nversion: 0\nrequire: [business_details]\n", "version", "version must be 1"),
        ("policy: x\nversion: '1'\nrequire: [business_details]\n", "version", "whole number"),
        ("version: 1\nrequire: [business_details]\n", "policy", "is required"),
        ("policy: [a]\nrequire: [business_details]\n", "policy", "must be text"),
        ('policy: "two\\nlines"\nrequire: [business_details]\n', "policy", "one line of text"),
        (f"policy: {'n' * 129}\nrequire: [business_details]\n", "policy", "at most 128"),
        ("policy: x\ndescription: [1]\nrequire: [business_details]\n", "description", "text"),
        ("policy: x\nrequire: intended_uses.purpose_of_model\n", "require", "must be a list"),
        ("policy: x\nrequire:\n", "require", "must be a list"),
        ("policy: x\nmetrics: [auc]\n", "metrics", "must be a mapping"),
        ("policy: x\nmetrics: {auc: []}\n", "metrics.auc", "at least one threshold"),
        ("policy: x\nwhen: {risk_rating: High}\n", "when", "must be a list"),
        (
            "policy: x\nwhen: [{risk_rating: [], require: [business_details]}]\n",
            "when[0].risk_rating",
            "must not be empty",
        ),
        ("policy: x\n", "", "the policy checks nothing"),
        (
            "policy: x\nrequire: []\nmetrics: {}\ndatazone_project: optional\n",
            "",
            "the policy checks nothing",
        ),
    ],
)
def test_single_problems_have_clear_messages(source: str, path: str, message: str) -> None:
    found = problems(source)
    assert list(found) == [path]
    assert message in found[path]


def test_a_newer_format_reports_only_its_version() -> None:
    # GIVEN a file written for a future format, with keys this release does not know
    source = "policy: future\nversion: 3\nallow_list: [x]\nmetrics: {auc: {gte: 0.9}}\n"
    # WHEN it is loaded THEN the one problem named is the version, with the way out
    with pytest.raises(ValidationError) as info:
        load_policy(source)
    assert [str(p) for p in info.value.problems] == [
        "version: version 3 is newer than this release of sm-governance reads "
        "(it reads version 1); upgrade sm-governance to use this policy"
    ]


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("", "it is empty"),
        ("# only a comment\n", "it is empty"),
        ("- a\n- b\n", "it must be a mapping with the keys policy, version"),
        ("just text", "not text"),
        ("42", "not a int"),
        ("policy: [unclosed\n", "not valid YAML at line 2, column 1"),
        ("policy: x\nmetrics:\n  auc: >= 0.9\n", '(quote thresholds: fairness_score: ">= 0.8")'),
        ("policy: x\npolicy: y\n", "key 'policy' appears twice in one mapping (first on line 1)"),
        ("policy: x\nmetrics:\n  auc: '>= 1'\n  auc: '>= 2'\n", "key 'auc' appears twice"),
        ("policy: x\n1: a\n", "a key must be text"),
        ("{? [a]: 1}", "not valid YAML"),
        ("policy: !!python/object:os.system x\n", "not valid YAML"),
        ("a: &a [*a]\n", "recursive"),
    ],
)
def test_documents_that_are_not_a_policy_mapping(source: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(fragment)):
        load_policy(source)


def test_deep_nesting_is_refused_clearly() -> None:
    with pytest.raises(ValidationError, match="nested too deeply"):
        load_policy("policy: " + "[" * 5_000 + "]" * 5_000 + "\n")


def test_an_over_long_text_is_refused_before_parsing() -> None:
    with pytest.raises(ValidationError, match="longer than 1,000,000 characters"):
        load_policy("policy: x\n" + "#" * 1_000_000 + "\n")


def test_the_error_message_lists_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        load_policy("policy: x\nsurprise: 1\nmetrics: {auc: 1}\n")
    text = str(info.value)
    assert text.startswith("policy is invalid (2 problems):")
    assert "  - surprise: unknown key" in text
    assert "  - metrics.auc: a threshold is a quoted string" in text


def test_a_policy_model_is_frozen(spec_policy_text: str) -> None:
    policy = load_policy(spec_policy_text)
    with pytest.raises(Exception, match="frozen"):
        policy.version = 2  # type: ignore[misc]


# -- properties ---------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from([">= 0.8", "<= 500", "High", "required", "intended_uses.risk_rating"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), inner, max_size=4),
    ),
    max_leaves=12,
)
policy_keys = st.sampled_from(
    ["policy", "version", "description", "require", "metrics", "datazone_project", "when", "x"]
)
documents = st.dictionaries(policy_keys, values, max_size=7)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_document_is_a_policy_or_a_validation_error(document: dict[str, object]) -> None:
    text = yaml.safe_dump(document)
    try:
        policy = load_policy(text)
    except ValidationError as exc:
        problems = exc.problems
        assert problems
        assert all(p.message for p in problems)
    else:
        assert load_policy(yaml.safe_dump(policy.to_dict())) == policy


@settings(max_examples=150)
@given(st.text(max_size=200))
def test_any_text_is_a_policy_or_a_validation_error(text: str) -> None:
    try:
        load_policy(text if "\n" in text else text + "\n")
    except ValidationError as exc:
        problems = exc.problems
        assert problems
