"""The composition root, reached by endpoints through `Depends`, typed.

An app is made for one started root (a service's bootstrap object); an endpoint declares
`service: Annotated[RegistrationService, Depends(root_of(RegistrationService))]` (or the alias
its service defines once) and gets that object with its type, never an untyped `app.state`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar
from uuid import UUID

from fastapi import FastAPI, Request

T = TypeVar("T")
_KEY = "composition_root"


def attach(app: FastAPI, root: object) -> None:
    setattr(app.state, _KEY, root)


class SessionCheck(Protocol):
    def ended(self, *subjects: UUID | None) -> bool: ...


def ended_sessions(app: FastAPI) -> SessionCheck | None:
    """The root's record of sessions that ended before their tokens expired, if it keeps one
    (its `ended_sessions`): a token of an erased person or a closed account is refused."""
    found: SessionCheck | None = getattr(getattr(app.state, _KEY, None), "ended_sessions", None)
    return found


def root_in(request: Request, kind: type[T]) -> T:
    """The app's root, for an endpoint on the lean path (servicekit.lean)."""
    root = getattr(request.app.state, _KEY, None)
    if not isinstance(root, kind):
        raise TypeError(f"this app was made for {type(root).__name__}, not {kind.__name__}")
    return root


def root_of(kind: type[T]) -> Callable[[Request], Awaitable[T]]:
    async def dependency(request: Request) -> T:  # async: no thread-pool hop per request
        return root_in(request, kind)

    dependency.__name__ = f"root_of_{kind.__name__}"
    return dependency
