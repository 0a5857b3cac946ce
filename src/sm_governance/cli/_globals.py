"""Global options anywhere on the line, and usage errors in the CLI's own words.

As with the AWS CLI, ``smgov pending -o json`` and ``smgov -o json pending`` are the same.
The global options are whatever the application callback declares, so an option added there
later works after the command too. Before parsing, every global option found after the
command (and its value) is moved in front of it; an option the command itself declares
with the same name stays the command's (``smgov render --out FILE``). ``--`` ends the
search.

Usage errors (an unknown or misplaced option, a missing argument, a bad value) become one
line naming the option and the fix, or a JSON error object on stdout under ``-o json``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import exceptions as click

from sm_governance.cli._errors import EXIT_USAGE
from sm_governance.cli._group import SafeGroup

__all__ = ["SmgovGroup", "hoist_globals", "usage_message"]


def _is_option_param(param: Any) -> bool:
    # typer's own click copy has no public Option class: parameters say what they are
    return getattr(param, "param_type_name", "") == "option"


def _options(command: Any) -> dict[str, Any]:
    """Every option name of ``command`` (``--output``, ``-o``...) mapped to its parameter."""
    names: dict[str, Any] = {}
    for param in command.params:
        if _is_option_param(param):
            for name in (*param.opts, *param.secondary_opts):
                names[name] = param
    return names


def _takes_value(param: Any) -> bool:
    return _is_option_param(param) and not param.is_flag and not param.count


def _split(token: str, names: dict[str, Any]) -> tuple[str, bool]:
    """The option name in ``token`` and whether its value is attached (``--o=v``, ``-ov``)."""
    if token.startswith("--"):
        name, sep, _ = token.partition("=")
        return name, bool(sep)
    if token in names or len(token) <= 2:
        return token, False
    return token[:2], True


def _is_option(token: str) -> bool:
    return token.startswith("-") and token != "-" and not token[1:2].isdigit()


def hoist_globals(group: Any, args: Sequence[str]) -> list[str]:
    """``args`` with the global options after the command moved before it.

    Args:
        group: the root click group; its own options are the global ones.
        args: the command line without the program name.
    """
    args = list(args)
    globals_ = _options(group)
    front: list[str] = []
    index = 0
    # 1. the global options already in front
    while index < len(args) and _is_option(args[index]) and args[index] != "--":
        name, attached = _split(args[index], globals_)
        front.append(args[index])
        param = globals_.get(name)
        if param is not None and _takes_value(param) and not attached and index + 1 < len(args):
            front.append(args[index + 1])
            index += 1
        index += 1
    # 2. the command path (a command, or a group and its command)
    path: list[str] = []
    command: Any = group
    while index < len(args) and hasattr(command, "commands"):
        sub = command.commands.get(args[index])
        if sub is None:
            return args
        path.append(args[index])
        command = sub
        index += 1
    if not path:
        return args
    local = _options(command)
    for name in ("-h", "--help"):
        local.setdefault(name, None)
    moved: list[str] = []
    rest: list[str] = []
    while index < len(args):
        token = args[index]
        if token == "--":
            rest.extend(args[index:])
            break
        if not _is_option(token):
            rest.append(token)
            index += 1
            continue
        name, attached = _split(token, local if token[:2] in local else globals_)
        if name in local:
            rest.append(token)
            param = local[name]
            if param is not None and _takes_value(param) and not attached:
                rest.extend(args[index + 1 : index + 2])
                index += 1
        elif name in globals_:
            moved.append(token)
            if _takes_value(globals_[name]) and not attached:
                moved.extend(args[index + 1 : index + 2])
                index += 1
        else:
            rest.append(token)
        index += 1
    return [*front, *moved, *path, *rest]


def _wants_json(group: Any, args: Sequence[str]) -> bool:
    """Whether the global options (in front once hoisted) ask for JSON output."""
    names = [n for n, p in _options(group).items() if getattr(p, "name", None) == "output"]
    for index, token in enumerate(args):
        if token in group.commands or token == "--":
            break
        for name in names:
            if token == name and args[index + 1 : index + 2] == ["json"]:
                return True
            if token == f"{name}=json" or (len(name) == 2 and token == f"{name}json"):
                return True
    return False


def _flag(param: Any) -> str:
    opts = [o for o in (*getattr(param, "opts", ()),) if o.startswith("--")] or list(
        getattr(param, "opts", ())
    )
    return opts[0] if opts else str(param.human_readable_name)


def _metavar(param: Any, ctx: Any) -> str:
    try:
        return str(param.make_metavar(ctx)).strip("{}")
    except Exception:
        return str(param.human_readable_name)


def _command_path(ctx: Any) -> str:
    return str(ctx.command_path) if ctx is not None else "smgov"


def usage_message(exc: Any, group: Any, argv: Sequence[str] = ()) -> str:
    """One line for a usage error: what is wrong, in the CLI's words, and the fix."""
    ctx = getattr(exc, "ctx", None)
    where = _command_path(ctx)
    help_hint = f"see '{where} --help'"
    if isinstance(exc, click.NoSuchOption):
        option = str(exc.option_name).partition("=")[0]
        command = ctx.command if ctx is not None else group
        if command is group:
            owners = sorted(name for name, sub in group.commands.items() if option in _options(sub))
            if owners:
                # the example uses the command on the line when it is one of the owners
                named = next((a for a in argv if a in owners), owners[0])
                return (
                    f"{option} is an option of {', '.join(owners)}, not a global option: "
                    f"put it after the command ({where} {named} {option} ...)"
                )
            return f"{where} has no option {option}; {help_hint} for the commands and options"
        own = sorted({_flag(p) for p in command.params if _is_option_param(p)})
        common = sorted({_flag(p) for p in group.params if _is_option_param(p)} - {"--version"})
        return (
            f"{where} has no option {option}. Its options: {', '.join(own) or 'none'}; "
            f"global options (before or after the command): {', '.join(common)}; {help_hint}"
        )
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        param = exc.param
        if getattr(param, "param_type_name", "") == "argument":
            return f"{where} needs {_metavar(param, ctx)}; {help_hint}"
        return f"{where} needs {_flag(param)}; {help_hint}"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        label = _flag(exc.param) if _is_option_param(exc.param) else None
        label = label or _metavar(exc.param, ctx)
        return f"{where} {label}: {exc.message}"
    text = " ".join(exc.format_message().split())
    return f"{text} ({help_hint})" if ctx is not None else text


class SmgovGroup(SafeGroup):
    """The root group: global options anywhere, usage errors in the CLI's own words (with
    pasted control characters shown escaped, as :class:`SafeGroup` does)."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = hoist_globals(self, sys.argv[1:] if args is None else args)
        _mention_globals(self)
        try:
            result = super().main(
                args=argv,
                prog_name=prog_name or "smgov",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except click.NoArgsIsHelpError as exc:
            if not standalone_mode:
                raise
            exc.show()
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            if not standalone_mode:
                raise
            _report(self, argv, exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result


def _mention_globals(group: Any) -> None:
    """Every command's help ends with the global options it also accepts."""
    names = ", ".join(
        sorted({_flag(p) for p in group.params if _is_option_param(p)} - {"--version"})
    )
    note = f"Global options (before or after the command): {names}; see 'smgov --help'."
    pending = list(group.commands.values())
    while pending:
        command = pending.pop()
        if hasattr(command, "commands"):
            pending.extend(command.commands.values())
        elif not command.epilog:
            command.epilog = note


def _report(group: Any, argv: Sequence[str], exc: Any) -> None:
    from sm_governance._untrusted import safe_json, visible

    message = usage_message(exc, group, argv) if isinstance(exc, click.UsageError) else None
    message = message or " ".join(exc.format_message().split())
    if _wants_json(group, argv):
        error = {"kind": "usage", "message": message, "exit_code": exc.exit_code}
        typer.echo(safe_json({"error": error}))  # pasted arguments: control characters escaped
    else:
        typer.echo(f"error: {visible(message)}", err=True)
