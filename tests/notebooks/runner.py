"""Execute a notebook of ``notebooks/`` top to bottom in a real Jupyter kernel, as a subprocess.

:func:`run_notebook` runs this file as a script with this interpreter (not as
``tests.notebooks.runner``: SDK v2's environment has a ``tests`` package of its own); that
process runs the notebook with nbclient in a kernel that is this interpreter too (a
kernelspec written to a temporary directory), so the notebook sees exactly the packages of
the environment running the tests (``.venv``, or ``.venv-sm2`` for the pipeline notebook).
The environment is the test's without any AWS configuration of the machine, plus what the
test passes (a loopback sandbox's endpoint, fake credentials and region): a notebook run by
the tests never reaches a real AWS account. The notebook file itself is never modified.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["CELL_TIMEOUT", "NOTEBOOKS", "notebook_env", "output_text", "run_notebook"]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 120
"""Seconds one cell may take before the run fails."""
RUN_TIMEOUT = 300
"""Seconds a whole notebook may take, kernel start included."""

_KERNEL_NAME = "smgov-tests"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The machine's AWS configuration never reaches a notebook run by the tests.
_HIDDEN_PREFIXES = ("AWS_", "SMGOV_USE_AWS")


def notebook_env(tmp_path: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """The kernel's environment: the test's, minus AWS configuration, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_HIDDEN_PREFIXES)}
    missing = str(tmp_path / "no-aws-config")
    env.update(
        {
            "AWS_CONFIG_FILE": missing,
            "AWS_SHARED_CREDENTIALS_FILE": missing,
            "IPYTHONDIR": str(tmp_path / "ipython"),  # no history written to the home directory
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # the debugger's frozen-modules notice
        }
    )
    env.update(extra)
    return env


def run_notebook(name: str, tmp_path: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """Run ``notebooks/<name>`` in a fresh kernel and return the executed notebook.

    Raises:
        AssertionError: a cell raised or ran over :data:`CELL_TIMEOUT` seconds (the message
            holds the cell and its traceback).
    """
    executed = tmp_path / f"executed-{name}"
    done = subprocess.run(
        [sys.executable, __file__, str(NOTEBOOKS / name), str(executed)],
        cwd=ROOT,
        env=notebook_env(tmp_path, env),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"{name} failed (exit {done.returncode}):\n{done.stderr}")
    notebook: dict[str, Any] = json.loads(executed.read_text(encoding="utf-8"))
    return notebook


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def output_text(notebook: Mapping[str, Any]) -> str:
    """Everything the notebook's code cells showed: streams, plain text and Markdown."""
    parts: list[str] = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                parts.append(_text(output["text"]))
            elif output["output_type"] in {"execute_result", "display_data"}:
                data = output.get("data", {})
                parts.append(_text(data.get("text/markdown") or data.get("text/plain", "")))
    return "\n".join(parts)


def _execute(source: Path, destination: Path) -> int:
    """Run ``source`` in a kernel of this interpreter; write the result to ``destination``."""
    import tempfile

    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(source, as_version=4)  # type: ignore[no-untyped-call]
    with tempfile.TemporaryDirectory(prefix="smgov-notebook-") as tmp:
        spec_dir = Path(tmp, "kernels", _KERNEL_NAME)
        spec_dir.mkdir(parents=True)
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "sm-governance tests",
            "language": "python",
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        specs = KernelSpecManager(kernel_dirs=[str(spec_dir.parent)], ensure_native_kernel=False)
        workdir = Path(tmp, "cwd")
        workdir.mkdir()
        client = NotebookClient(
            notebook,
            # IPC (Unix sockets in the temporary directory): no TCP ports to race for
            km=KernelManager(
                kernel_name=_KERNEL_NAME,
                kernel_spec_manager=specs,
                transport="ipc",
                connection_file=str(Path(tmp, "connection.json")),
            ),
            timeout=CELL_TIMEOUT,
            resources={"metadata": {"path": str(workdir)}},
        )
        try:
            client.execute()
        except CellExecutionError as error:
            sys.stderr.write(_ANSI.sub("", f"{error}\n"))  # no terminal colours in reports
            return 1
        finally:
            nbformat.write(notebook, destination)  # type: ignore[no-untyped-call]
    return 0


if __name__ == "__main__":
    sys.exit(_execute(Path(sys.argv[1]), Path(sys.argv[2])))
