"""Build the governance handler's AWS Lambda zip from the project's wheel.

    python infra/build_lambda.py --out dist/sm-governance-lambda.zip

The wheel is built from this checkout, then installed with its runtime dependencies for the
Lambda runtime of infra/continuous.yaml (Python 3.12, x86_64, manylinux wheels only) into a
folder that is zipped with fixed times and sorted names, so the same sources give the same zip.
``--no-deps`` leaves the dependencies out (for a layer that provides them, and for tests).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_VERSION = "3.12"
PLATFORM = "manylinux2014_x86_64"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# The Lambda runtime brings boto3 and botocore; shipping them again only makes the zip larger.
_PROVIDED_BY_LAMBDA = (
    "boto3",
    "botocore",
    "s3transfer",
    "jmespath",
    "urllib3",
    "dateutil",
    "python_dateutil",
    "six",
)


def _provided(top: str) -> bool:
    name = top.split("-", maxsplit=1)[0].lower()
    return name in _PROVIDED_BY_LAMBDA or name == "bin"


def _run(*args: str) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def build(out: Path, *, deps: bool = True) -> Path:
    """Build the zip at ``out`` and return it."""
    with tempfile.TemporaryDirectory() as tmp:
        wheels, target = Path(tmp, "wheels"), Path(tmp, "package")
        _run(
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        )
        wheel = next(wheels.glob("sm_governance-*.whl"))
        install = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target)]
        if deps:
            install += [
                "--platform",
                PLATFORM,
                "--python-version",
                PYTHON_VERSION,
                "--implementation",
                "cp",
                "--only-binary=:all:",
            ]
        else:
            install.append("--no-deps")
        _run(*install, str(wheel))
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            files = {p.relative_to(target).as_posix(): p for p in target.rglob("*") if p.is_file()}
            for name, path in sorted(files.items()):
                if "__pycache__" in name or _provided(name.split("/")[0]):
                    continue
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "sm-governance-lambda.zip")
    parser.add_argument("--no-deps", action="store_true", help="leave the dependencies out")
    args = parser.parse_args(argv)
    path = build(args.out, deps=not args.no_deps)
    print(f"{path} ({os.path.getsize(path):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
