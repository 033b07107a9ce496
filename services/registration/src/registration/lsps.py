"""python -m registration.lsps register --code LSP-KOPERASI-BALI --name NAME --licence NUMBER:
put a licensed certification body (LSP) on the platform; its first admin is then opened with
`python -m registration.staff create --role lsp_admin --lsp LSP-KOPERASI-BALI --email E`.
Registering a code again prints the same id."""

from __future__ import annotations

import argparse
import asyncio
import sys

from eventkit.settings import load_settings
from kompeten_contracts.errors import Refusal
from registration.bootstrap import DATABASE, RegistrationService


async def register(code: str, name: str, licence: str, schema: str, database: str) -> str:
    service = RegistrationService(load_settings(), schema=schema, database=database,
                                  run_relay=False, resume_commits=False)  # fmt: skip
    await service.start()
    try:
        return str(await service.catalogues().lsps.register(code, name, licence))
    finally:
        await service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    registering = commands.add_parser("register", help="register an LSP")
    registering.add_argument("--code", required=True)
    registering.add_argument("--name", required=True)
    registering.add_argument("--licence", required=True, help="the national authority's licence")
    registering.add_argument("--schema", default="public")
    registering.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    try:
        lsp_id = asyncio.run(register(args.code, args.name, args.licence, args.schema,
                                      args.database))  # fmt: skip
    except Refusal as exc:  # a refusal the operator can act on: one line, exit 1
        sys.exit(f"error: --{exc.field}: {exc.reason_id} / {exc.reason_en}")
    print(f"LSP {args.code} registered: {lsp_id}")


if __name__ == "__main__":
    main()
