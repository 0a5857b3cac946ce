"""The moto extension: model packages that behave as SageMaker documents them.

moto 5.2 drops ``ModelCard``, ``ModelLifeCycle``, ``SecurityConfig`` and ``SourceUri``, wipes
metadata and the approval description on a partial update, reuses version numbers after a
delete, reports a made-up user profile as ``CreatedBy`` and does not implement package deletes,
group policies or batch describes. :func:`install` replaces the SageMaker response handlers for
those operations on moto's own classes (and :func:`uninstall` puts moto's back), so every moto
entry point, ``mock_aws`` and the moto server alike, gets the behaviour. The service's rules live
in ``_rules.py``; the event in ``_events.py``; S3's atomic conditional writes in ``_s3.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, ClassVar

from sm_governance.testing._handlers import HANDLERS, package_extras
from sm_governance.testing._s3 import atomic_conditional_put

__all__ = [
    "SUPPORTED_MOTO",
    "UnsupportedMotoVersionError",
    "check_moto_version",
    "install",
    "installed",
    "uninstall",
]

SUPPORTED_MOTO = ">=5.2,<5.3"
"""The moto versions this extension is tested with."""

_LOWEST = (5, 2)
_BEYOND = (5, 3)
_MISSING = object()


class _Installation:
    """How many users currently need the extension, and what it replaced."""

    lock = threading.RLock()
    depth = 0
    saved: ClassVar[list[tuple[type, str, Any]]] = []


class UnsupportedMotoVersionError(RuntimeError):
    """The installed moto is outside the range the extension is tested with.

    Example:
        >>> check_moto_version("4.2.14")
        Traceback (most recent call last):
        ...
        sm_governance.testing._patch.UnsupportedMotoVersionError: ...
    """


def check_moto_version(version: str | None = None) -> None:
    """Refuse a moto version the extension was not tested with.

    Args:
        version: the version to check; the installed moto's when omitted.

    Raises:
        UnsupportedMotoVersionError: naming the version found and the supported range.
    """
    if version is None:
        import moto

        version = str(moto.__version__)
    parts: list[int] = []
    for piece in version.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else -1)
    if not (_LOWEST <= tuple(parts) < _BEYOND):
        raise UnsupportedMotoVersionError(
            f"sm_governance.testing supports moto {SUPPORTED_MOTO}, found moto {version}; "
            f"install a supported one with: pip install 'moto[server]{SUPPORTED_MOTO}'"
        )


def _wrap_package_response(original: Callable[[Any], dict[str, Any]]) -> Callable[..., Any]:
    def gen_response_object(self: Any) -> dict[str, Any]:
        response = original(self)
        response.update(package_extras(self))
        return response

    return gen_response_object


def _wrap_group_response(original: Callable[[Any], dict[str, Any]]) -> Callable[..., Any]:
    def gen_response_object(self: Any) -> dict[str, Any]:
        response = original(self)
        if "IamIdentity" in (self.created_by or {}):
            response["CreatedBy"] = self.created_by
        return response

    return gen_response_object


def _patch(owner: type, name: str, value: Any) -> None:
    _Installation.saved.append((owner, name, owner.__dict__.get(name, _MISSING)))
    setattr(owner, name, value)


def install() -> None:
    """Apply the extension to moto (reference counted; safe to nest and to call from threads).

    Raises:
        UnsupportedMotoVersionError: when moto is outside :data:`SUPPORTED_MOTO`.
    """
    with _Installation.lock:
        if _Installation.depth == 0:
            check_moto_version()
            from moto.sagemaker.models import ModelPackage, ModelPackageGroup
            from moto.sagemaker.responses import SageMakerResponse

            for name, handler in HANDLERS.items():
                original = SageMakerResponse.__dict__.get(name)
                _patch(SageMakerResponse, name, handler(original))
            _patch(
                ModelPackage,
                "gen_response_object",
                _wrap_package_response(ModelPackage.gen_response_object),
            )
            _patch(
                ModelPackageGroup,
                "gen_response_object",
                _wrap_group_response(ModelPackageGroup.gen_response_object),
            )
            from moto.s3.responses import S3Response

            _patch(S3Response, "put_object", atomic_conditional_put(S3Response.put_object))
        _Installation.depth += 1


def uninstall() -> None:
    """Undo one :func:`install`; moto is restored when the last one is undone."""
    with _Installation.lock:
        if _Installation.depth == 0:
            return
        _Installation.depth -= 1
        if _Installation.depth == 0:
            while _Installation.saved:
                owner, name, value = _Installation.saved.pop()
                if value is _MISSING:
                    delattr(owner, name)
                else:
                    setattr(owner, name, value)


def installed() -> bool:
    """Whether the extension is currently applied."""
    with _Installation.lock:
        return _Installation.depth > 0
