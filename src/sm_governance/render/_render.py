"""Rendering a card (or a registered version) to Markdown or HTML with Jinja2 templates.

The bundled templates live in ``sm_governance/render/templates``. A user's template is
given by path: a directory (its ``card.md.j2`` / ``card.html.j2`` replace the bundled ones,
other names fall back to them) or a file (used as the template). Either way the bundled
templates stay reachable as ``builtin/card.md.j2`` and ``builtin/card.html.j2``, so a user's
template can ``{% extends "builtin/card.html.j2" %}`` and replace single blocks.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from sm_governance._files import read_text
from sm_governance._untrusted import visible
from sm_governance.errors import Problem, ValidationError
from sm_governance.render._context import SignOff, build_context
from sm_governance.render._text import MdSafe, format_value, md_escape, md_inline
from sm_governance.render._view import Table

__all__ = ["Format", "render", "render_html", "render_markdown"]

Format = Literal["md", "markdown", "html"]
_TEMPLATE_NAMES = {"md": "card.md.j2", "html": "card.html.j2"}
_BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n){2,}")


def _md_table(table: Table) -> MdSafe:
    def row(cells: Sequence[Any]) -> str:
        return "| " + " | ".join(md_inline(c) for c in cells) + " |"

    lines = [row(table.headers), "|" + "|".join(" --- " for _ in table.headers) + "|"]
    lines += [row(r) for r in table.rows]
    return MdSafe("\n".join(lines))


def _md_pairs(pairs: Sequence[tuple[str, str]]) -> MdSafe:
    return _md_table(Table(["Field", "Value"], [[k, v] for k, v in pairs]))


def _policy_table(policy: dict[str, Any]) -> Table:
    rows = [[r["rule"], r["result"], r["seen"], r["reason"]] for r in policy["rules"]]
    return Table(["Rule", "Result", "Seen", "Reason"], rows)


def _sign_off_table(rows: Sequence[SignOff]) -> Table:
    return Table(
        ["Role", "Name", "Decision", "Date", "Signature"],
        [[s.role, s.name, s.decision, s.date, ""] for s in rows],
    )


def _md_finalize(value: Any) -> Any:
    if isinstance(value, (jinja2.Undefined, Markup)):
        return value
    return md_escape(value)


def _html_finalize(value: Any) -> Any:
    # Every printed value is escaped here, so card text stays inert even where a user's
    # template turns autoescaping off; control characters are shown as escapes, since XML
    # forbids most of them and a terminal reading the page would act on them.
    if isinstance(value, (jinja2.Undefined, Markup)):
        return value
    return escape(visible(value) if isinstance(value, str) else value)


class _FileLoader(jinja2.BaseLoader):
    """A user's template folder, each file read by the product's one file reader (regular
    files only, size-limited, strict UTF-8)."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # posixpath, as Jinja's own loader: no drive or UNC segment can leave the folder.
        filename = posixpath.join(self.folder, *split_template_path(template))
        if not os.path.lexists(filename):
            raise jinja2.TemplateNotFound(template)
        text = read_text(filename, subject="template")
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return text, os.path.normpath(filename), uptodate


def _bundled_loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("sm_governance.render", "templates")


@functools.lru_cache(maxsize=16)
def _environment(fmt: str, search: Path | None) -> ImmutableSandboxedEnvironment:
    """The environment for a format and a user template folder (cached; Jinja reloads a
    template whose file changed)."""
    bundled = _bundled_loader()
    loaders: list[jinja2.BaseLoader] = []
    if search is not None:
        loaders.append(_FileLoader(search))
    loaders += [jinja2.PrefixLoader({"builtin": bundled}), bundled]
    options: dict[str, Any] = {
        "loader": jinja2.ChoiceLoader(loaders),
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    # Sandboxed and immutable: a template (perhaps a shared one) reads its variables but can
    # reach no Python internals and change no value it is given.
    if fmt == "html":
        env = ImmutableSandboxedEnvironment(autoescape=True, finalize=_html_finalize, **options)
    else:
        # Autoescaping is on so that macro output (Markup) is not escaped twice; the actual
        # escaping of every printed value is Markdown escaping, done by the finalizer.
        env = ImmutableSandboxedEnvironment(autoescape=True, finalize=_md_finalize, **options)
        env.filters["inline"] = md_inline
        env.filters["md"] = md_escape
        env.globals.update(md_table=_md_table, md_pairs=_md_pairs)
    env.filters["text"] = format_value
    env.globals.update(policy_table=_policy_table, sign_off_table=_sign_off_table)
    return env


def _resolve(fmt: str, template: str | os.PathLike[str] | None) -> tuple[Path | None, str]:
    name = _TEMPLATE_NAMES[fmt]
    if template is None:
        return None, name
    path = Path(template).expanduser()
    if path.is_dir():
        return path, name
    if path.exists():  # a file; the reader refuses anything but a regular one
        return path.parent, path.name
    raise ValidationError(
        [Problem("template", f"no such template file or directory: {os.fspath(template)}")],
        subject="template",
    )


def _normalise_format(fmt: str) -> str:
    value = {"markdown": "md"}.get(fmt.lower(), fmt.lower()) if isinstance(fmt, str) else fmt
    if value not in _TEMPLATE_NAMES:
        raise ValidationError(
            [Problem("format", f"must be one of md, markdown, html; got {fmt!r}")],
            subject="render",
        )
    return str(value)


def render(
    card: Any = None,
    *,
    format: Format = "md",
    version: Any = None,
    policy_report: Any = None,
    sign_off: bool | Sequence[str | SignOff] | None = True,
    title: str | None = None,
    template: str | os.PathLike[str] | None = None,
) -> str:
    """Render a model card as Markdown or HTML.

    Args:
        card: a ``ModelCard``, a card content mapping, or a ``ModelVersion`` (its card and
            its facts are both shown). May be omitted when ``version`` is given.
        format: ``"md"`` (or ``"markdown"``) or ``"html"``.
        version: a ``ModelVersion`` (or a mapping of its fields) whose approval status, card
            status, lifecycle, DataZone project and registration facts are shown.
        policy_report: a ``PolicyReport`` or its ``to_dict()``; shown rule by rule.
        sign_off: ``True`` for the default roles (model owner, governance officer), ``False``
            for none, or the roles (strings or :class:`SignOff` lines) to list.
        title: the document title; by default from the model name or the version.
        template: a template directory or file that replaces the bundled template.

    Returns:
        The document text. HTML is a complete, XHTML-compatible page with every card value
        escaped; Markdown escapes card text so it never turns into markup.

    Raises:
        ValidationError: for an unknown format, a missing template, a template that does
            not compile or uses an undefined variable, or a card of the wrong type.
    """
    fmt = _normalise_format(format)
    context = build_context(
        card, version=version, policy_report=policy_report, sign_off=sign_off, title=title
    )
    search, name = _resolve(fmt, template)
    env = _environment(fmt, search)
    try:
        text = env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.name or name}:{exc.lineno}"
        raise ValidationError(
            [Problem("template", f"{where}: {exc.message}")], subject="template"
        ) from exc
    except jinja2.TemplateError as exc:
        raise ValidationError(
            [Problem("template", f"{name}: {exc.message}")], subject="template"
        ) from exc
    if fmt == "md":
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip() + "\n"


def render_markdown(
    card: Any = None,
    *,
    version: Any = None,
    policy_report: Any = None,
    sign_off: bool | Sequence[str | SignOff] | None = True,
    title: str | None = None,
    template: str | os.PathLike[str] | None = None,
) -> str:
    """Render a card as Markdown; the arguments are those of :func:`render`."""
    return render(
        card,
        format="md",
        version=version,
        policy_report=policy_report,
        sign_off=sign_off,
        title=title,
        template=template,
    )


def render_html(
    card: Any = None,
    *,
    version: Any = None,
    policy_report: Any = None,
    sign_off: bool | Sequence[str | SignOff] | None = True,
    title: str | None = None,
    template: str | os.PathLike[str] | None = None,
) -> str:
    """Render a card as one self-contained HTML page; the arguments are those of :func:`render`."""
    return render(
        card,
        format="html",
        version=version,
        policy_report=policy_report,
        sign_off=sign_off,
        title=title,
        template=template,
    )
