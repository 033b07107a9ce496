"""What every registration feature's handlers need: a unit of work (one transaction)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol


class UnitOfWork(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[Any]:
        """An open transaction handle: everything done with it commits or rolls back together."""
        ...
