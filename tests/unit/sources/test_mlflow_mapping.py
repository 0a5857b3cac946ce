"""The MLflow run -> card mapping on plain data, and the missing-extra message."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance.card import ModelCard
from sm_governance.errors import ValidationError
from sm_governance.sources._mlflow_card import (
    SKIPPED_METRICS_KEY,
    SKIPPED_PARAMS_KEY,
    RunFacts,
    RunMapping,
    run_content,
)
from sm_governance.sources.mlflow import builder_from_content


def test_what_a_card_cannot_hold_is_named_not_dropped_silently() -> None:
    params = {f"p{i:03d}": "v" for i in range(101)} | {"long": "x" * 256}
    metrics = {f"m{i:02d}": float(i) for i in range(51)} | {"nan": float("nan"), "flag": True}
    content = run_content(RunFacts("r1", params=params, metrics=metrics), RunMapping())
    job = content["training_details"]["training_job_details"]
    assert len(job["hyper_parameters"]) == 100
    assert len(job["training_metrics"]) == 50
    custom = content["additional_information"]["custom_details"]
    assert custom[SKIPPED_PARAMS_KEY] == "long, p100"
    assert "long" not in [p["name"] for p in job["hyper_parameters"]]
    assert custom[SKIPPED_METRICS_KEY] == "flag, m50, nan"
    builder_from_content(content).build()


def test_long_listings_are_cut_to_the_custom_detail_limit() -> None:
    params = {("p" * 200) + str(i): "x" * 300 for i in range(10)}
    content = run_content(RunFacts("r1", params=params), RunMapping())
    listing = content["additional_information"]["custom_details"][SKIPPED_PARAMS_KEY]
    assert len(listing) == 1024
    assert listing.endswith("\u2026")


def test_package_mapping_moves_overview_fields_a_package_card_cannot_hold() -> None:
    facts = RunFacts(
        "r1",
        tags={"mlflow.note.content": "desc"},
        notes={"model_owner": "team", "model_creator": "ds", "algorithm_type": ["a", 1]},
        model_artifacts=("s3://m",),
    )
    content = run_content(facts, RunMapping(package=True))
    assert content["model_overview"] == {"model_artifact": ["s3://m"], "model_creator": "ds"}
    custom = content["additional_information"]["custom_details"]
    assert custom["model_owner"] == "team"
    assert custom["model_description"] == "desc"
    assert custom["algorithm_type"] == '["a", 1]'
    ModelCard.from_content(builder_from_content(content).build().to_content(), package=True)


def test_note_values_are_shaped_for_their_fields() -> None:
    facts = RunFacts(
        "r1",
        notes={
            "training_data_source": ["s3://a", "s3://b"],
            "model_artifact": "s3://m",
            "purpose_of_model": 42,
            "extra": {"nested": True},
            "dropped": None,
        },
    )
    content = run_content(facts, RunMapping(notes={"custom": "x.y.z"}))
    assert content["training_details"]["training_job_details"]["training_datasets"] == [
        "s3://a",
        "s3://b",
    ]
    assert content["model_overview"]["model_artifact"] == ["s3://m"]
    assert content["intended_uses"]["purpose_of_model"] == "42"
    assert content["additional_information"]["custom_details"]["extra"] == '{"nested": true}'
    assert "dropped" not in content["additional_information"]["custom_details"]


def test_a_mapping_to_a_path_without_a_field_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as info:
        run_content(RunFacts("r1", notes={"k": "v"}), RunMapping(notes={"k": "nowhere"}))
    assert info.value.paths == ["nowhere"]


def test_an_unknown_card_field_from_the_mapping_is_named_at_build() -> None:
    content = run_content(
        RunFacts("r1", notes={"k": "v"}), RunMapping(notes={"k": "intended_uses.no_such_field"})
    )
    with pytest.raises(ValidationError) as info:
        builder_from_content(content).build()
    assert "intended_uses.no_such_field" in info.value.paths


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s and s),
        st.floats(allow_nan=True, allow_infinity=True),
        max_size=8,
    )
)
def test_every_metric_lands_in_exactly_one_place(metrics: dict[str, float]) -> None:
    content = run_content(RunFacts("r1", metrics=metrics), RunMapping())
    job = content.get("training_details", {}).get("training_job_details", {})
    training = [m["name"] for m in job.get("training_metrics", [])]
    evaluation = [
        m["name"]
        for e in content.get("evaluation_details", [])
        for g in e["metric_groups"]
        for m in g["metric_data"]
    ]
    skipped = content["additional_information"]["custom_details"].get(SKIPPED_METRICS_KEY, "")
    placed = training + evaluation
    assert len(placed) == len(set(placed))
    assert set(placed) | {n for n in metrics if n in skipped} == set(metrics)
    assert all(n.startswith(("eval_", "test_", "val_", "validation_")) for n in evaluation)


def test_a_missing_mlflow_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from sm_governance.sources import card_from_run

    # GIVEN an environment where the MLflow client library cannot be imported
    monkeypatch.setitem(sys.modules, "mlflow", None)
    monkeypatch.setitem(sys.modules, "mlflow.tracking", None)
    # WHEN a card is asked for THEN the error says what to install
    with pytest.raises(ImportError, match=r"pip install 'sm-governance\[mlflow\]'"):
        card_from_run("0123456789abcdef")


def test_run_mapping_repr_and_routing() -> None:
    mapping = RunMapping(notes={"a": "b.c"}, training_metrics={"eval_x"})
    assert repr(mapping) == "RunMapping(notes={'a': 'b.c'}, ...)"
    assert mapping.note_field("a") == "b.c"
    assert mapping.note_field("model_owner") == "model_overview.model_owner"
    assert mapping.note_field("zzz") == "additional_information.custom_details.zzz"
    assert mapping.is_evaluation("eval_x") is False
    assert mapping.is_evaluation("eval_y") is True


def test_a_notes_key_with_a_dot_is_one_custom_detail_not_a_path() -> None:
    # GIVEN notes whose free keys hold dots, one of them under the name of a recorded fact
    notes = {"review.round": "2", "mlflow_run_id.extra": "x"}
    # WHEN the card content is made THEN each key is one custom detail, kept as written
    content = run_content(RunFacts("r1", notes=notes), RunMapping())
    custom = content["additional_information"]["custom_details"]
    assert custom["review.round"] == "2"
    assert custom["mlflow_run_id.extra"] == "x"
    assert custom["mlflow_run_id"] == "r1"
    builder_from_content(content).build()


@pytest.mark.parametrize(
    "key",
    [
        "mlflow_run_id",
        "mlflow_experiment_id",
        "mlflow_run_name",
        "source_git_commit",
        "requirements",
        SKIPPED_PARAMS_KEY,
        SKIPPED_METRICS_KEY,
    ],
)
def test_notes_cannot_replace_what_the_card_records_of_the_run(key: str) -> None:
    # GIVEN a run whose notes carry a key the card records from the run itself
    facts = RunFacts("r1", params={"long": "x" * 300}, notes={key: "forged"})
    # WHEN the card content is made THEN it is refused, naming the key and the fix
    with pytest.raises(ValidationError, match="recorded from the run itself") as info:
        run_content(facts, RunMapping())
    assert info.value.paths == ["governance_notes.json"]
    assert f"the key {key!r}" in str(info.value)
    assert "RunMapping" in str(info.value)


def test_a_mapping_onto_a_recorded_fact_is_refused_too() -> None:
    mapping = RunMapping(notes={"run": "additional_information.custom_details.mlflow_run_id"})
    with pytest.raises(ValidationError, match="recorded from the run itself"):
        run_content(RunFacts("r1", notes={"run": "forged"}), mapping)


def test_a_mapping_through_a_text_field_is_a_validation_error_not_a_crash() -> None:
    # GIVEN a mapping whose path goes through a field that holds text
    mapping = RunMapping(notes={"k": "model_overview.model_description.inner"})
    facts = RunFacts("r1", tags={"mlflow.note.content": "a description"}, notes={"k": "v"})
    # WHEN the content is made THEN the path is named, no TypeError
    with pytest.raises(ValidationError, match="not an object") as info:
        run_content(facts, mapping)
    assert info.value.paths == ["model_overview.model_description.inner"]


def test_notes_holding_escaped_lone_surrogates_are_refused_naming_the_artifact() -> None:
    from sm_governance.sources.mlflow import _parse_notes

    with pytest.raises(ValidationError, match="lone surrogate") as info:
        _parse_notes('{"reviewer\\udc00": "J. Doe"}', "governance_notes.json")
    assert info.value.paths == ["governance_notes.json"]
    assert _parse_notes('{"reviewer": "J. Doe"}', "governance_notes.json") == {"reviewer": "J. Doe"}


def test_a_mapping_to_something_other_than_a_field_path_is_a_validation_error() -> None:
    mapping = RunMapping(notes={"k": 5})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="card field path") as info:
        run_content(RunFacts("r1", notes={"k": "v"}), mapping)
    assert info.value.paths == ["notes.k"]


def test_requirements_are_recorded_as_written() -> None:
    # GIVEN a requirement whose version range holds ", " (PEP 508 reads "; " as a marker)
    facts = RunFacts("r1", requirements=("numpy>=1.0, <2.0", "pandas"))
    # WHEN recorded THEN each line is kept as written, the lines joined with "; "
    custom = run_content(facts, RunMapping())["additional_information"]["custom_details"]
    assert custom["requirements"] == "numpy>=1.0, <2.0; pandas"


def test_a_hash_inside_a_requirement_is_not_taken_for_a_comment() -> None:
    from sm_governance.sources.mlflow import _requirements

    text = (
        "pkg @ https://example.com/pkg-1.0.whl#sha256=abc\n"
        "git+https://example.com/repo.git#egg=tool\n"
        "scikit-learn==1.5.0  # trained with\n"
        "# a whole-line comment\n"
    )
    assert _requirements(text) == (
        "pkg @ https://example.com/pkg-1.0.whl#sha256=abc",
        "git+https://example.com/repo.git#egg=tool",
        "scikit-learn==1.5.0",
    )
