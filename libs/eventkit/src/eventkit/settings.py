"""Where the infrastructure is. One place reads the environment; defaults are the local stack."""

from __future__ import annotations

import os
from dataclasses import dataclass

LOCAL_PG_ADMIN = "postgresql://kompeten_admin:kompeten@127.0.0.1:15432"
LOCAL_PG_APP = "postgresql://kompeten_app:kompeten@127.0.0.1:15432"
LOCAL_KAFKA = "127.0.0.1:19092"
LOCAL_SMTP = "127.0.0.1:11025"
# The people's apps as a person opens them (the local reverse proxy, deploy/local/proxy.py);
# mail that asks someone to open the app links here.
LOCAL_APP_URL = "http://127.0.0.1:18080/"


@dataclass(frozen=True)
class Settings:
    pg_admin_url: str
    pg_app_url: str
    kafka_bootstrap: str
    smtp_host: str
    smtp_port: int
    app_url: str = LOCAL_APP_URL

    def admin_dsn(self, database: str) -> str:
        return f"{self.pg_admin_url}/{database}"

    def app_dsn(self, database: str) -> str:
        return f"{self.pg_app_url}/{database}"


def load_settings() -> Settings:
    smtp = os.environ.get("KOMPETEN_SMTP", LOCAL_SMTP)
    host, _, port = smtp.rpartition(":")
    return Settings(
        pg_admin_url=os.environ.get("KOMPETEN_PG_ADMIN_URL", LOCAL_PG_ADMIN),
        pg_app_url=os.environ.get("KOMPETEN_PG_APP_URL", LOCAL_PG_APP),
        kafka_bootstrap=os.environ.get("KOMPETEN_KAFKA", LOCAL_KAFKA),
        smtp_host=host,
        smtp_port=int(port),
        app_url=os.environ.get("KOMPETEN_APP_URL", LOCAL_APP_URL),
    )
