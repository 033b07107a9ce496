"""No service starts without real secrets unless development mode is asked for: the development
secrets are in the source, and with them anyone could mint an LSP admin's token."""

from __future__ import annotations

from typing import Any

import pytest

from assessment.bootstrap import AssessmentService
from certificate.bootstrap import CertificateService
from eventkit import secrets, tokens
from eventkit.settings import load_settings
from registration.bootstrap import RegistrationService


@pytest.mark.parametrize(
    "service_class", [RegistrationService, AssessmentService, CertificateService]
)
async def test_no_secrets_and_no_development_mode_means_no_service(
    monkeypatch: pytest.MonkeyPatch, service_class: Any
) -> None:
    monkeypatch.delenv(secrets.DEVELOPMENT, raising=False)
    for name in secrets.REQUIRED:
        monkeypatch.delenv(name, raising=False)
    tokens.keys.cache_clear()
    service = service_class(load_settings())
    try:
        with pytest.raises(secrets.MissingSecret, match="KOMPETEN_TOKEN_KEYS"):
            await service.start()
        assert service.pool is None  # refused before it touched anything
    finally:
        monkeypatch.undo()
        tokens.keys.cache_clear()
