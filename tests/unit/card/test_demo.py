"""``make demo`` while the card is all there is: build, check, report, preview."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import jsonschema

from sm_governance._demo import example_card, main


def test_example_card_is_a_valid_package_card(schema_validator: jsonschema.Draft7Validator) -> None:
    card = example_card()
    assert card.for_package() is card
    assert schema_validator.is_valid(card.to_content())
    assert card.datazone_project_id == "5jdi2hjv0xq2jb"
    kinds = {
        metric.type
        for job in card.evaluation_details or []
        for group in job.metric_groups or []
        for metric in group.metric_data
    }
    assert kinds == {"number", "string", "boolean", "linear_graph", "bar_chart", "matrix"}


def test_demo_prints_the_content_the_checks_and_a_preview() -> None:
    out = io.StringIO()
    assert main(out) == 0
    text = out.getvalue()
    body = text.split("compact):\n\n", 1)[1].split("\n\n", 1)[0]
    assert json.loads(body) == example_card().to_content()
    assert "model_overview.model_description: a model package's card holds only" in text
    assert "evaluation_details[0].metric_groups[0].metric_data[0].value" in text
    assert "# Model card" in text


def test_demo_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sm_governance._demo"], capture_output=True, text=True, check=True
    )
    assert "3 problems" in done.stdout
