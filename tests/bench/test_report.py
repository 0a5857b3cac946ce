"""The report's pieces: the README's figures between markers, medians, tables, formats."""

from __future__ import annotations

from pathlib import Path

from benchmarks._harness import (
    Section,
    fmt_ms,
    fmt_ratio,
    fmt_seconds,
    interleave,
    median,
    run_child,
    table,
)
from benchmarks._report import README_END, README_START, readme_table, update_readme


def _sections() -> list[Section]:
    calls = Section("AWS calls", headlines=[["AWS calls", "register 1", "", "at minimum"]])
    scan = Section("Scan", headlines=[["review queue, 100 groups", "1.5 s", "33.8 s", "22.6x"]])
    return [calls, scan]


def test_the_readme_table_between_the_markers_is_replaced_and_the_rest_kept(
    tmp_path: Path,
) -> None:
    # GIVEN a README with an old table between the markers
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{README_START}\n| old |\n{README_END}\n\nAfter.\n")
    # WHEN the figures are updated
    assert update_readme(readme, _sections())
    # THEN the new table is there, the scan first, and the text around it is untouched
    text = readme.read_text()
    assert "| old |" not in text
    assert text.startswith("# Title\n\n<!-- benchmarks:start -->\n| what |")
    assert text.endswith(f"{README_END}\n\nAfter.\n")
    assert text.index("review queue") < text.index("AWS calls")


def test_a_readme_without_markers_is_left_alone(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n")
    assert not update_readme(readme, _sections())
    assert readme.read_text() == "# Title\n"


def test_the_readme_table_has_one_row_per_headline() -> None:
    lines = readme_table(_sections())
    assert len(lines) == 4
    assert lines[0] == "| what | sm-governance | the alternative | ratio (goal) |"


def test_tables_align_numbers_right_and_text_left() -> None:
    assert table(["name", "n"], [["a", "1,000"], ["b", "2 ms"]]) == [
        "| name | n |",
        "|---|---:|",
        "| a | 1,000 |",
        "| b | 2 ms |",
    ]


def test_formats() -> None:
    assert fmt_ms(0.00123) == "1.23 ms"
    assert fmt_ms(0.0123) == "12.3 ms"
    assert fmt_ms(1.5) == "1,500 ms"
    assert fmt_seconds(0.5) == "500 ms"
    assert fmt_seconds(3.456) == "3.46 s"
    assert fmt_seconds(33.8) == "33.8 s"
    assert fmt_ratio(22.61) == "22.6x"
    assert fmt_ratio(0.284) == "0.28x"
    assert median([3.0, 1.0, 2.0, 10.0]) == 2.5


def test_interleaved_rounds_rotate_which_case_goes_first() -> None:
    order: list[str] = []

    def case(name: str) -> float:
        order.append(name)
        return float(len(order))

    times = interleave(2, {"a": lambda: case("a"), "b": lambda: case("b")})
    assert order == ["a", "b", "b", "a"]
    assert times == {"a": [1.0, 4.0], "b": [2.0, 3.0]}


def test_a_child_reports_its_own_peak_memory_and_exit_status() -> None:
    import sys

    # GIVEN this process holds far more memory than the child will
    ballast = b"x" * (200 * 1024 * 1024)  # written, so resident
    # WHEN a small child runs, and one that allocates 100 MiB
    small = run_child([sys.executable, "-c", "print('hi')"])
    large = run_child(
        [sys.executable, "-c", "x = bytearray(100 * 1024 * 1024); raise SystemExit(3)"]
    )
    # THEN each reports its own peak, not this process's
    assert small.stdout == "hi\n"
    assert small.returncode == 0
    assert small.max_rss_kib < 100 * 1024
    assert large.returncode == 3
    assert 100 * 1024 < large.max_rss_kib < 200 * 1024
    assert small.seconds > 0
    del ballast
