"""Hostile text stored in SageMaker never drives the officer's terminal or crashes a command.

A registrant controls the card, the stage description and (through the write they make) the
stored strings; here they hold an escape sequence that clears the screen and sets the window
title, a one-byte CSI, a bidi override, a carriage return and a lone surrogate (valid in the
service's JSON, impossible to write as UTF-8). Every command that shows a version is run in
every output form: none may crash, and no output may carry one of those characters raw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from sm_governance._untrusted import UNSAFE
from sm_governance.testing import People, demo_card

from .conftest import GROUP, Smgov, create_raw

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eevil\u202c\r\ud800MARK"
# The raw characters that must never reach the output (the lone surrogate included).
RAW = re.compile("[\x1b\x07\x9b\u202e\u202c\r\ud800]")


def _hostile_card() -> dict[str, Any]:
    card = demo_card(1, auc=0.84, fairness=0.91)
    card["intended_uses"]["purpose_of_model"] = f"Scores loans. {HOSTILE}"
    card["business_details"] = {"business_problem": HOSTILE}
    card["additional_information"]["custom_details"]["note"] = HOSTILE
    return card


@pytest.fixture
def hostile_arn(people: People) -> str:
    # GIVEN a version registered straight through the API with hostile text in its card and
    # its lifecycle, escaped in the request as the service's JSON allows
    # ensure_ascii: the surrogate travels as \ud800
    return create_raw(
        people.registrant,
        json.dumps(_hostile_card()),
        ModelApprovalStatus="PendingManualApproval",
        ModelLifeCycle={
            "Stage": "Development",
            "StageStatus": "InReview",
            "StageDescription": HOSTILE,
        },
    )


def _clean(text: str) -> None:
    assert RAW.search(text) is None, repr(RAW.search(text))
    assert "Traceback" not in text


COMMANDS: list[tuple[str, ...]] = [
    ("show", "{arn}"),
    ("show", "{arn}", "--format", "md"),
    ("--output", "json", "show", "{arn}"),
    ("history", "{arn}"),
    ("--output", "json", "history", "{arn}"),
    ("check", "{arn}", "--policy", "{policy}"),
    ("--output", "json", "check", "{arn}", "--policy", "{policy}"),
    ("render", "{arn}"),
    ("render", "{arn}", "--format", "html"),
    ("diff", "{arn}", "{other}"),
    ("diff", "{arn}", "{other}", "--format", "md"),
    ("--output", "json", "diff", "{arn}", "{other}"),
    ("pending", "--group", GROUP),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_view_of_hostile_stored_text_is_escaped(  # noqa: PLR0917
    smgov: Smgov,
    people: People,
    hostile_arn: str,
    register: Callable[..., str],
    policy_file: Any,
    command: tuple[str, ...],
) -> None:
    other = register()
    args = [a.format(arn=hostile_arn, other=other, policy=policy_file) for a in command]
    # WHEN the officer runs the command
    result = smgov(*args, who=people.officer)
    # THEN it ends normally (0, or 1 for a failed gate), with nothing raw in its output
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    _clean(result.stdout)
    _clean(result.stderr)
    if "json" in args:
        data = json.loads(result.stdout)
        assert data  # parses, and the escapes stand for the original characters
    elif command[0] not in ("pending", "diff", "history", "check"):
        assert "\\x1b" in result.stdout
        assert "\\u202e" in result.stdout


def test_json_keeps_the_stored_characters_as_escapes(
    smgov: Smgov, people: People, hostile_arn: str
) -> None:
    data = smgov.json("show", hostile_arn, who=people.officer)
    assert data["card"]["business_details"]["business_problem"] == HOSTILE
    assert data["lifecycle"]["description"] == HOSTILE


def test_a_decision_reason_with_control_characters_is_shown_escaped(
    smgov: Smgov, people: People, arn: str
) -> None:
    # GIVEN an officer whose reason (pasted from elsewhere) holds an escape sequence
    reason = "bad card " + HOSTILE.replace("\ud800", "")
    result = smgov("reject", arn, "--reason", reason, who=people.officer)
    assert result.exit_code == 0, result.output
    # THEN neither the decision nor the history prints it raw
    _clean(result.stdout)
    shown = smgov("history", arn, who=people.officer)
    _clean(shown.stdout)
    assert UNSAFE.search(shown.stdout) is None


@pytest.mark.parametrize("option", ["--reason", "--override"])
def test_an_argument_that_is_not_utf8_is_a_usage_error(
    smgov: Smgov, people: People, arn: str, option: str, policy_file: Any
) -> None:
    # GIVEN an argument the shell passed as bytes that are not UTF-8 ($'\xff'), which Python
    # hands over as a lone surrogate
    gate = ["--policy", str(policy_file)] if option == "--override" else ["--no-policy"]
    reason = "bad \udcff byte" if option == "--reason" else "ok"
    args = ["approve", arn, "--reason", reason, *gate]
    if option == "--override":
        args += ["--override", "bad \udcff byte"]
    result = smgov(*args, who=people.officer)
    # THEN one line names the option; nothing is written
    assert result.exit_code == 2, result.output
    assert "not valid UTF-8" in result.stderr
    assert "Traceback" not in result.output
    _clean(result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ("show", "arn:aws:sagemaker:us-east-1:111122223333:model-package/g/1", "\u202ex\x1b[2J"),
        ("\x1b]0;pwned\x07\u202e",),
        ("show", "--format", "\x1b[2J", "arn"),
    ],
)
def test_the_option_parser_errors_show_arguments_escaped(
    smgov: Smgov, args: tuple[str, ...]
) -> None:
    # GIVEN arguments pasted into the terminal with escape sequences and a bidi override
    result = smgov(*args)
    # THEN the usage error names them, escaped
    assert result.exit_code == 2
    _clean(result.output)
    assert "\\x1b" in result.output


@pytest.mark.parametrize(
    "command",
    [("render", "{arn}"), ("render", "{arn}", "--format", "html"), ("show", "{arn}")],
    ids=["render md", "render html", "show table"],
)
def test_emoji_codes_and_tabs_in_a_card_are_shown_as_written(
    smgov: Smgov, people: People, tmp_path: Any, command: tuple[str, ...]
) -> None:
    # GIVEN a card whose text holds an emoji code and a tab
    card = demo_card(1, auc=0.84, fairness=0.91)
    card["intended_uses"]["purpose_of_model"] = "Scores loans :warning: here\tand there"
    arn = create_raw(people.registrant, json.dumps(card))
    args = [a.format(arn=arn) for a in command]
    # WHEN the command prints to stdout
    result = smgov(*args, who=people.officer)
    assert result.exit_code == 0, result.output
    # THEN the code is text, never a symbol
    assert ":warning:" in result.stdout
    assert "\u26a0" not in result.stdout
    if command[0] == "render":
        # AND a document on stdout is byte for byte the one --out writes (the tab kept)
        out = tmp_path / "card.out"
        assert smgov(*args, "--out", str(out), who=people.officer).exit_code == 0
        assert result.stdout == out.read_text(encoding="utf-8")
        assert "here\tand there" in result.stdout
