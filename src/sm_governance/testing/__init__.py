"""The local SageMaker: moto, made faithful for model governance.

moto, the standard AWS mock, drops model cards and lifecycles on model packages. This package
extends it so that everything sm-governance touches behaves as SageMaker documents it: cards,
lifecycle, partial updates, the service's limits and error codes, ``ClientToken`` idempotency,
the caller's identity in ``CreatedBy``, group policies, batch describes, and the "SageMaker Model
Package State Change" event on the default EventBridge bus. Use it

* as a context manager or decorator: :func:`mock_governance`;
* as pytest fixtures (installed with the package): ``aws_credentials``, ``governance_mock``,
  ``aws_session``, ``sagemaker_client``, ``sts_client``, ``two_people``, ``ledger``,
  ``ledger_env``;
* a decision ledger (a bucket with Object Lock and an ECC signing key): :func:`create_ledger`;
* as a loopback server: :mod:`sm_governance.testing.sandbox` (``python -m sm_governance.testing``).

It needs the ``testing`` extra: ``pip install 'sm-governance[testing]'``. Names are imported on
first use, so loading the pytest plugin costs nothing.

Example:
    >>> import boto3
    >>> from sm_governance.testing import mock_governance
    >>> with mock_governance():
    ...     sm = boto3.client("sagemaker", region_name="us-east-1")
    ...     _ = sm.create_model_package_group(ModelPackageGroupName="credit-risk")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> (module, attribute)
_EXPORTS: dict[str, tuple[str, str]] = {
    "EVENT_SOURCE": ("sm_governance.testing._events", "SOURCE"),
    "STATE_CHANGE_DETAIL_TYPE": ("sm_governance.testing._events", "DETAIL_TYPE"),
    "Identity": ("sm_governance.testing._identity", "Identity"),
    "People": ("sm_governance.testing._identity", "People"),
    "assume_role": ("sm_governance.testing._identity", "assume_role"),
    "create_user": ("sm_governance.testing._identity", "create_user"),
    "two_people": ("sm_governance.testing._identity", "two_people"),
    "LocalLedger": ("sm_governance.testing._ledger", "LocalLedger"),
    "create_ledger": ("sm_governance.testing._ledger", "create_ledger"),
    "GovernanceMock": ("sm_governance.testing._mock", "GovernanceMock"),
    "mock_governance": ("sm_governance.testing._mock", "mock_governance"),
    "SUPPORTED_MOTO": ("sm_governance.testing._patch", "SUPPORTED_MOTO"),
    "UnsupportedMotoVersionError": ("sm_governance.testing._patch", "UnsupportedMotoVersionError"),
    "check_moto_version": ("sm_governance.testing._patch", "check_moto_version"),
    "package_card_schema": ("sm_governance.testing._rules", "package_card_schema"),
    "SeededDemo": ("sm_governance.testing._seed", "SeededDemo"),
    "demo_card": ("sm_governance.testing._seed", "demo_card"),
    "seed_demo": ("sm_governance.testing._seed", "seed_demo"),
    "SandboxPortError": ("sm_governance.testing.sandbox", "SandboxPortError"),
    "SandboxServer": ("sm_governance.testing.sandbox", "SandboxServer"),
    "run_sandbox": ("sm_governance.testing.sandbox", "run_sandbox"),
    "serve": ("sm_governance.testing.sandbox", "serve"),
}

__all__ = [
    "EVENT_SOURCE",
    "STATE_CHANGE_DETAIL_TYPE",
    "SUPPORTED_MOTO",
    "GovernanceMock",
    "Identity",
    "LocalLedger",
    "People",
    "SandboxPortError",
    "SandboxServer",
    "SeededDemo",
    "UnsupportedMotoVersionError",
    "assume_role",
    "check_moto_version",
    "create_ledger",
    "create_user",
    "demo_card",
    "mock_governance",
    "package_card_schema",
    "run_sandbox",
    "seed_demo",
    "serve",
    "two_people",
]

if TYPE_CHECKING:
    from sm_governance.testing._events import DETAIL_TYPE as STATE_CHANGE_DETAIL_TYPE
    from sm_governance.testing._events import SOURCE as EVENT_SOURCE
    from sm_governance.testing._identity import (
        Identity,
        People,
        assume_role,
        create_user,
        two_people,
    )
    from sm_governance.testing._ledger import LocalLedger, create_ledger
    from sm_governance.testing._mock import GovernanceMock, mock_governance
    from sm_governance.testing._patch import (
        SUPPORTED_MOTO,
        UnsupportedMotoVersionError,
        check_moto_version,
    )
    from sm_governance.testing._rules import package_card_schema
    from sm_governance.testing._seed import SeededDemo, demo_card, seed_demo
    from sm_governance.testing.sandbox import SandboxPortError, SandboxServer, run_sandbox, serve


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'sm_governance.testing' has no attribute {name!r}")
    module, attribute = target
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
