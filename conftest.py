"""Every test run asks for development mode (KOMPETEN_DEVELOPMENT=1) unless the environment
says otherwise: tokens are signed and personal data sealed with the development secrets, which
are public (they are in the source). A service outside development mode refuses to start
without real secrets (eventkit.secrets); tests of that clear the variable themselves."""

from __future__ import annotations

import os

os.environ.setdefault("KOMPETEN_DEVELOPMENT", "1")


def pytest_report_header() -> str:
    mode = os.environ["KOMPETEN_DEVELOPMENT"]
    return f"KOMPETEN_DEVELOPMENT={mode}: development secrets (public) sign tokens and seal data"
