"""docs/cli.md names every command and option the real ``smgov`` has, and no other."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from sm_governance.cli import app

DOC = (Path(__file__).parents[3] / "docs" / "cli.md").read_text(encoding="utf-8")
HEADING = re.compile(r"^### `smgov ([a-z-]+(?: [a-z-]+)?)(.*?)`$", re.MULTILINE)
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
ROW_OPTIONS = re.compile(r"^\| (`-[^|]*)\|", re.MULTILINE)


def _commands() -> dict[str, Any]:
    """Every leaf command by its full name (``policy schema`` for a sub-command)."""
    root: Any = typer.main.get_command(app)
    found: dict[str, Any] = {}
    for name, command in root.commands.items():
        if hasattr(command, "commands"):
            found.update({f"{name} {sub}": leaf for sub, leaf in command.commands.items()})
        else:
            found[name] = command
    return found


def _long_options(command: Any) -> set[str]:
    return {
        opt
        for param in command.params
        if param.param_type_name == "option"
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--")
    }


def _sections() -> dict[str, tuple[str, str]]:
    """Each documented command: (the options named in its headings, the text under them)."""
    headings = list(HEADING.finditer(DOC))
    sections: dict[str, tuple[str, str]] = {}
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(DOC)
        body = DOC[heading.end() : end].split("\n## ", 1)[0]
        name = heading[1]
        if name not in _commands() and " " in name:  # `smgov verify --bundle`: no sub-command
            name = name.split(" ")[0]
        before = sections.get(name, ("", ""))
        sections[name] = (before[0] + heading[2], before[1] + body)
    return sections


GLOBAL = _long_options(typer.main.get_command(app)) | {"--help"}
COMMANDS = _commands()


def test_every_command_has_a_section_and_every_section_a_command() -> None:
    assert set(_sections()) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_of_a_command_is_documented_in_its_section(name: str) -> None:
    heading, body = _sections()[name]
    missing = _long_options(COMMANDS[name]) - set(OPTION.findall(heading + body))
    assert not missing, f"docs/cli.md does not document smgov {name} {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_options_a_section_lists_exist(name: str) -> None:
    heading, body = _sections()[name]
    listed = set(OPTION.findall(heading))
    for row in ROW_OPTIONS.findall(body):
        listed |= set(OPTION.findall(row))
    unknown = listed - _long_options(COMMANDS[name]) - GLOBAL
    assert not unknown, f"docs/cli.md lists {sorted(unknown)} for smgov {name}"


def test_the_global_options_table_is_the_app_s_global_options_once_each() -> None:
    table = DOC.split("## Global options", 1)[1].split("\n## ", 1)[0]
    rows = [set(OPTION.findall(row)) for row in ROW_OPTIONS.findall(table)]
    named = [opt for row in rows for opt in row]
    assert len(named) == len(set(named)), "an option has two rows"
    assert set(named) == GLOBAL
