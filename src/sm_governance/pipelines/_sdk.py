"""Which SageMaker Python SDK is installed, found without importing it.

The SDK is an optional extra with two incompatible major versions, so the adapters ask
``importlib.metadata`` for the installed distribution at call time and import the SDK's
modules only then, turning every failure into an :class:`ImportError` that names the
``pip install`` fix.
"""

from __future__ import annotations

import importlib
import re
from importlib import metadata
from types import ModuleType

__all__ = [
    "INSTALL_V2",
    "INSTALL_V3",
    "MIN_V2",
    "import_sdk",
    "installed_sdk_version",
    "sdk_major",
]

#: The extra that installs SDK v2 (``RegisterModel``, ``Model.register``).
INSTALL_V2 = "pip install 'sm-governance[pipelines]'"
#: The extra that installs SDK v3 (``ModelBuilder.register``).
INSTALL_V3 = "pip install 'sm-governance[pipelines-v3]'"
#: The first SDK v2 release with ``ModelPackageModelCard`` (cards on model packages).
MIN_V2 = (2, 223)

_VERSION = re.compile(r"(\d+)(?:\.(\d+))?")
_BOTH = f"{INSTALL_V2} (SageMaker Python SDK v2) or {INSTALL_V3} (SDK v3)"


def installed_sdk_version() -> str | None:
    """The version of the installed ``sagemaker`` distribution, or ``None`` without one."""
    try:
        return metadata.version("sagemaker")
    except metadata.PackageNotFoundError:
        return None


def sdk_major() -> int:
    """The major version (2 or 3) of the installed SageMaker Python SDK.

    Read from the installed distribution's metadata on every call, so it never imports the
    SDK and always reflects the environment the code runs in.

    Raises:
        ImportError: no SDK is installed, or one this product does not support; the message
            names the ``pip install`` that fixes it.

    Example:
        >>> sdk_major()  # doctest: +SKIP
        2
    """
    version = installed_sdk_version()
    if version is None:
        raise ImportError(
            "sm_governance.pipelines needs the SageMaker Python SDK, which is not installed;"
            f" install it with {_BOTH}"
        )
    match = _VERSION.match(version)
    major = int(match.group(1)) if match else 0
    minor = int(match.group(2) or 0) if match else 0
    if major == 2 and (major, minor) < MIN_V2:
        raise ImportError(
            f"sagemaker {version} predates model cards on model packages"
            f" (ModelPackageModelCard, SDK {MIN_V2[0]}.{MIN_V2[1]}.0); upgrade with {INSTALL_V2}"
        )
    if major not in (2, 3):
        raise ImportError(
            f"sagemaker {version} is not supported by sm_governance.pipelines; install a"
            f" supported SDK with {_BOTH}"
        )
    return major


def import_sdk(module: str, major: int) -> ModuleType:
    """Import ``module`` of the SageMaker SDK, or say which ``pip install`` fixes it.

    Raises:
        ImportError: the module cannot be imported (a broken or mixed installation).
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        fix = INSTALL_V2 if major == 2 else INSTALL_V3
        raise ImportError(
            f"cannot import {module} from the installed SageMaker Python SDK v{major} ({exc});"
            f" reinstall it with {fix}"
        ) from exc
