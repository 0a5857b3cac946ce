"""Drive the sandbox server process of :mod:`benchmarks._server` from the measuring process."""

from __future__ import annotations

import json
import os
import subprocess
from types import TracebackType
from typing import Any

from benchmarks._harness import Context

FAKE = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def clean_environment() -> dict[str, str]:
    """This process's environment without any AWS setting (no real account is ever used)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}


def shared_sandbox(ctx: Context) -> SandboxProcess:
    """The run's sandbox process, started on first use, emptied for each caller."""
    sandbox = ctx.shared.get("sandbox")
    if sandbox is None:
        ctx.say("starting the sandbox server process")
        sandbox = ctx.shared["sandbox"] = SandboxProcess(ctx)
    else:
        sandbox.reset()
    assert isinstance(sandbox, SandboxProcess)
    return sandbox


class SandboxProcess:
    """A local SageMaker on a free loopback port, in its own process."""

    def __init__(self, ctx: Context) -> None:
        self._process = subprocess.Popen(
            [ctx.python, "-m", "benchmarks._server"],
            cwd=ctx.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=clean_environment(),
        )
        self.endpoint_url: str = self._read()["endpoint_url"]

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox server process exited")
        answer: dict[str, Any] = json.loads(line)
        if answer.get("ok") is False:
            raise RuntimeError(f"the sandbox server refused: {answer}")
        return answer

    def _send(self, **command: Any) -> dict[str, Any]:
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(command) + "\n")
        self._process.stdin.flush()
        return self._read()

    def environment(self) -> dict[str, str]:
        """Variables that point boto3 (and ``smgov``) at this sandbox."""
        return {**clean_environment(), **FAKE, "AWS_ENDPOINT_URL": self.endpoint_url}

    def seed(self, *, groups: int, versions: int, pending_every: int, prefix: str) -> int:
        """Create groups and versions (in the server's process); returns how many wait."""
        answer = self._send(
            op="seed",
            groups=groups,
            versions=versions,
            pending_every=pending_every,
            prefix=prefix,
        )
        return int(answer["pending"])

    def reset(self) -> None:
        """Empty the local SageMaker."""
        self._send(op="reset")

    def close(self) -> None:
        """Stop the server process."""
        if self._process.poll() is None:
            assert self._process.stdin is not None
            try:
                self._process.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self._process.stdin.close()
                self._process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
