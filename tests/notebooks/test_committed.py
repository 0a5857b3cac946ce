"""The notebooks as committed: valid, without outputs, readable, no hidden magic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.notebooks.runner import NOTEBOOKS

EXPECTED = [
    "01_author_and_register.ipynb",
    "02_pipeline_register_model.ipynb",
    "03_officer_review.ipynb",
    "04_mlflow_run_to_card.ipynb",
]
MAX_CELL_LINES = 50
# What Jupyter and nbclient write while running a notebook: never committed.
_RUN_METADATA = {"execution", "collapsed", "scrolled", "jupyter", "widgets"}


def _load(name: str) -> dict[str, Any]:
    notebook: dict[str, Any] = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return notebook


def _code_cells(name: str) -> list[tuple[int, dict[str, Any]]]:
    cells = _load(name)["cells"]
    return [(i, cell) for i, cell in enumerate(cells) if cell["cell_type"] == "code"]


def _source(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def test_every_notebook_is_known_to_the_tests() -> None:
    # A new notebook must be added here and to a test that executes it.
    assert sorted(p.name for p in Path(NOTEBOOKS).glob("*.ipynb")) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_is_a_valid_notebook(name: str) -> None:
    nbformat = pytest.importorskip("nbformat")

    nbformat.validate(nbformat.read(NOTEBOOKS / name, as_version=4))
    assert _load(name)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", EXPECTED)
def test_is_committed_without_outputs(name: str) -> None:
    for index, cell in _code_cells(name):
        assert cell["outputs"] == [], f"{name}: cell {index} has outputs (clear them)"
        assert cell["execution_count"] is None, f"{name}: cell {index} has an execution count"
    for index, cell in enumerate(_load(name)["cells"]):
        leftover = _RUN_METADATA & set(cell.get("metadata", {}))
        assert not leftover, f"{name}: cell {index} has run metadata {sorted(leftover)}"
        assert "attachments" not in cell, f"{name}: cell {index} has attachments"
    assert set(_load(name)["metadata"]) <= {"kernelspec", "language_info"}


@pytest.mark.parametrize("name", EXPECTED)
def test_code_is_plain_python_in_short_cells(name: str) -> None:
    for index, cell in _code_cells(name):
        lines = _source(cell).splitlines()
        assert lines, f"{name}: cell {index} is empty"
        assert len(lines) <= MAX_CELL_LINES, f"{name}: cell {index} has {len(lines)} lines"
        magic = [line for line in lines if line.lstrip().startswith(("%", "!"))]
        assert not magic, f"{name}: cell {index} uses IPython magic or a shell escape: {magic}"


@pytest.mark.parametrize("name", EXPECTED)
def test_every_step_is_explained(name: str) -> None:
    cells = _load(name)["cells"]
    assert cells[0]["cell_type"] == "markdown"
    assert _source(cells[0]).startswith("# "), f"{name} starts without a title"
    for index, cell in enumerate(cells[1:], start=1):
        if cell["cell_type"] == "code" and cells[index - 1]["cell_type"] == "code":
            previous = cells[index - 2]["cell_type"] if index >= 2 else None
            assert previous == "markdown", f"{name}: cells {index - 2}-{index} lack an explanation"
