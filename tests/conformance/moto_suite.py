"""moto's own SageMaker tests, fetched from moto's source distribution and run as a subprocess.

moto publishes its test suite in its sdist on PyPI. :func:`fetch` downloads the sdist of the
moto installed here (``pip download --no-deps --no-binary :all: moto==X``) into a cache outside
the repository (``<environment>/moto-tests/moto-X``, or ``SMGOV_MOTO_TESTS_DIR``) and extracts
only what ``tests/test_sagemaker`` needs; :func:`run` runs those tests with the governance
extension installed and returns each test's outcome. Nothing of moto's is committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).parent
NEEDED = ("tests/__init__.py", "tests/conftest.py", "tests/markers.py", "tests/test_sagemaker/")
"""What moto's SageMaker tests import: the package, its conftest, its markers, the tests."""


@dataclass(frozen=True)
class Outcomes:
    """What happened to each of moto's tests (ids like ``test_sagemaker_models.py::test_x``)."""

    passed: frozenset[str]
    failed: frozenset[str]
    skipped: frozenset[str]


def cache_dir(version: str) -> Path:
    """Where moto ``version``'s tests are kept between runs."""
    root = os.environ.get("SMGOV_MOTO_TESTS_DIR")
    base = Path(root) if root else Path(sys.prefix) / "moto-tests"
    return base / f"moto-{version}"


def fetch(version: str | None = None) -> Path:
    """The directory holding moto's ``tests/test_sagemaker``, downloaded on first use.

    Raises:
        RuntimeError: when the sdist cannot be downloaded, naming the command that failed.
    """
    version = version or metadata.version("moto")
    target = cache_dir(version)
    if (target / "tests" / "test_sagemaker").is_dir():
        return target
    target.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
        "--no-binary", ":all:", f"moto=={version}", "--dest", str(target),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    archives = sorted(target.glob(f"moto-{version}.tar.gz"))
    if done.returncode != 0 or not archives:
        raise RuntimeError(
            f"could not download moto {version}'s source distribution with "
            f"{' '.join(command)}: {done.stderr.strip()[-500:]}"
        )
    prefix = f"moto-{version}/"
    with tarfile.open(archives[0]) as archive:
        members = [
            m
            for m in archive.getmembers()
            if m.isfile() and any(m.name.startswith(prefix + n) for n in NEEDED)
        ]
        for member in members:
            member.name = member.name[len(prefix) :]
        archive.extractall(target, members=members, filter="data")
    archives[0].unlink()
    (target / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return target


def _test_id(classname: str, name: str) -> str:
    module = classname.rsplit(".", 1)[-1]
    return f"{module}.py::{name}"


def run(suite: Path, report: Path) -> Outcomes:
    """Run moto's SageMaker tests in ``suite`` with the extension on; outcomes from JUnit XML."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(HERE), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]]
    )
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:sm_governance",
        "-p", "smgov_conformance_plugin", "-c", str(suite / "pytest.ini"), "--rootdir", str(suite),
        f"--junitxml={report}", "-o", "junit_family=xunit2", "tests/test_sagemaker",
    ]  # fmt: skip
    subprocess.run(command, cwd=suite, env=env, capture_output=True, timeout=1200, check=False)
    passed: set[str] = set()
    failed: set[str] = set()
    skipped: set[str] = set()
    for case in ET.parse(report).iter("testcase"):
        test = _test_id(case.get("classname", ""), case.get("name", ""))
        if case.find("failure") is not None or case.find("error") is not None:
            failed.add(test)
        elif case.find("skipped") is not None:
            skipped.add(test)
        else:
            passed.add(test)
    return Outcomes(frozenset(passed), frozenset(failed), frozenset(skipped))
