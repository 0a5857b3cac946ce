"""The service model's constraints on every SageMaker operation moto serves.

SageMaker's front end refuses a request that breaks a constraint of the service model before
the operation runs. :func:`validating_handlers` wraps each of moto's SageMaker response
handlers (and the extension's own) so that the request is checked first with
:func:`._rules.check_request`; a request that breaks one is answered with
``ValidationException`` naming each member, whatever moto would have done with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sm_governance.testing import _rules
from sm_governance.testing._backend import checked

__all__ = ["validating", "validating_handlers"]


def validating(operation: str, handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``handler`` with the request checked against ``operation``'s input shape first."""

    def validated(self: Any) -> Any:
        params = self._get_params()
        checked(lambda: _rules.check_request(operation, params))
        return handler(self)

    validated.__name__ = handler.__name__
    validated.__doc__ = handler.__doc__
    return validated


def validating_handlers(response_class: type) -> Iterator[tuple[str, Callable[[Any], Any]]]:
    """``(method name, validating handler)`` for every operation ``response_class`` serves."""
    from moto.core.utils import camelcase_to_underscores

    for operation in _rules.service_model().operation_names:
        name = camelcase_to_underscores(operation)
        handler = getattr(response_class, name, None)
        if callable(handler):
            yield name, validating(operation, handler)
