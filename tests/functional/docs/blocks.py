"""The ```python blocks of README.md and docs/*.md, with the marker before each.

``<!-- not run: REASON -->`` before a block: it cannot run offline (the reason is required).
``<!-- SageMaker SDK vN: ... -->`` before a block: it needs that SageMaker Python SDK and is
run in its environment by tests/pipelines/test_doc_blocks.py, not in the main one.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SDK_TEST = "tests/pipelines/test_doc_blocks.py"
_FENCE = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
_COMMENT = r"((?:(?!-->).)*?)"  # one comment's text, never running into the next
_NOT_RUN = re.compile(rf"<!--\s*not run(?::\s*{_COMMENT})?\s*-->\s*\Z", re.DOTALL)
_SDK = re.compile(rf"<!--\s*SageMaker SDK v(\d+)\b{_COMMENT}-->\s*\Z", re.DOTALL)


@dataclass(frozen=True)
class Block:
    document: Path
    line: int
    code: str
    not_run: str | None  # the marker's reason; "" for a marker without one
    sdk: int | None = None  # the SageMaker SDK major version it is written for
    sdk_marker: str = ""  # the rest of that marker

    @property
    def where(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"


def blocks(document: Path) -> list[Block]:
    """The document's Python blocks, in order, each with the marker before it."""
    text = document.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        before = text[: match.start()].rstrip() + "\n"
        not_run, sdk = _NOT_RUN.search(before), _SDK.search(before)
        found.append(
            Block(
                document,
                text.count("\n", 0, match.start()) + 2,
                match.group(1),
                None if not_run is None else (not_run.group(1) or "").strip(),
                None if sdk is None else int(sdk.group(1)),
                "" if sdk is None else sdk.group(2).strip(),
            )
        )
    return found


def run(block: Block, namespace: dict[str, Any]) -> str:
    """Execute one block in the shared namespace; what it prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.code, block.where, "exec"), namespace)  # the documentation's own code
    return out.getvalue()
