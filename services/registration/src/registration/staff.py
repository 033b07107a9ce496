"""Open a staff account from the command line (the first LSP admin, before anyone can sign in):

    python -m registration.staff create --email admin@lsp.example --role lsp_admin

The person then signs in by a code mailed to that address (POST /auth/sign-in).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys

from eventkit.settings import load_settings
from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from registration.bootstrap import DATABASE, RegistrationService
from registration.identity.application.open_staff_account import OpenStaffAccount
from registration.identity.domain.email_address import EMAIL_PATTERN, MAX_EMAIL_CHARS


async def create(
    email: str,
    role: Role,
    schema: str,
    database: str,
    districts: tuple[str, ...] = (),
    lsp_code: str | None = None,
) -> str:
    service = RegistrationService(load_settings(), schema=schema, database=database,
                                  run_relay=False, resume_commits=False)  # fmt: skip
    await service.start()
    try:
        handler = service.identities().open_staff_account
        lsp_id = None
        if lsp_code is not None:
            lsp_id = (await service.catalogues().lsps.by_code(lsp_code)).lsp_id
        return str(await handler(OpenStaffAccount(email, role, None, districts, lsp_id)))
    finally:
        await service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    created = commands.add_parser("create", help="open a staff account")
    created.add_argument("--email", required=True)
    created.add_argument(
        "--role", required=True, choices=[r.value for r in Role if r is not Role.CANDIDATE]
    )
    created.add_argument(
        "--district", action="append", default=[], help="a district operator's district (repeat)"
    )
    created.add_argument(
        "--lsp", help="the LSP's code, for its staff (admin, assessor, test-site head, ...)"
    )
    created.add_argument("--schema", default="public")
    created.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    email = args.email.strip()
    if len(email) > MAX_EMAIL_CHARS or not re.fullmatch(EMAIL_PATTERN, email):
        sys.exit("error: --email: alamat e-mail tidak valid / not a valid e-mail address")
    try:
        account_id = asyncio.run(
            create(
                email,
                Role(args.role),
                args.schema,
                args.database,
                tuple(args.district),
                args.lsp,
            )
        )
    except Refusal as exc:  # a refusal the operator can act on: one line, exit 1
        sys.exit(f"error: --{exc.field}: {exc.reason_id} / {exc.reason_en}")
    print(
        f"staff account {account_id} opened ({args.role}); sign in with a code sent to the e-mail"
    )


if __name__ == "__main__":
    main()
