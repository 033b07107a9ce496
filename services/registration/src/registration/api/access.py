"""Who may call which operation of registration's API (the matrix test holds the API to it).

Candidates reach only their own candidate, applications and evidence, and district operators
only their own cohort imports: any other id answers 404, like an id that does not exist."""

from __future__ import annotations

from kompeten_contracts.roles import Role
from servicekit.access import AccessTable, anyone, roles, signed_in

CANDIDATE, ADMIN, OPERATOR = Role.CANDIDATE, Role.LSP_ADMIN, Role.DISTRICT_OPERATOR
OWN = (CANDIDATE,)

ACCESS: AccessTable = {
    "POST /auth/sign-up": anyone(),
    "POST /auth/sign-in": anyone(),
    "POST /auth/verify": anyone(),
    "POST /staff": roles(ADMIN),
    "POST /candidates": roles(CANDIDATE, ADMIN, OPERATOR),
    "GET /candidates/me": signed_in(),
    "GET /candidates/{candidate_id}": roles(CANDIDATE, ADMIN, OPERATOR, own_only=OWN),
    "GET /candidates/me/personal-data-reads": roles(CANDIDATE),
    "GET /candidates/{candidate_id}/personal-data-reads": roles(ADMIN),
    "POST /candidates/{candidate_id}/erasure": signed_in(own_only=OWN),
    "GET /applications": roles(CANDIDATE),
    "POST /applications": roles(CANDIDATE),
    "GET /applications/{application_id}": roles(CANDIDATE, ADMIN, own_only=OWN),
    "PUT /applications/{application_id}/draft": roles(CANDIDATE, own_only=OWN),
    "GET /applications/{application_id}/draft": roles(CANDIDATE, own_only=OWN),
    "POST /applications/{application_id}/submission": roles(CANDIDATE, own_only=OWN),
    "POST /applications/{application_id}/evidence": roles(CANDIDATE, own_only=OWN),
    "GET /applications/{application_id}/evidence/{evidence_id}": roles(
        CANDIDATE, ADMIN, own_only=OWN
    ),
    "GET /verification/queue": roles(ADMIN),
    "POST /applications/{application_id}/acceptance": roles(ADMIN),
    "POST /applications/{application_id}/return": roles(ADMIN),
    "POST /applications/{application_id}/rejection": roles(ADMIN),
    "POST /cooperatives": roles(ADMIN, OPERATOR),
    "GET /cooperatives": signed_in(),
    "GET /cooperatives/{cooperative_id}": signed_in(),
    "GET /schemes": anyone(),
    "GET /schemes/{scheme_code}/versions/{version}": anyone(),
    "POST /schemes": roles(ADMIN),
    "POST /schemes/{scheme_code}/versions": roles(ADMIN),
    "PUT /schemes/{scheme_code}/versions/{version}": roles(ADMIN),
    "POST /schemes/{scheme_code}/versions/{version}/publish": roles(ADMIN),
    "GET /staff/schemes": roles(ADMIN),
    "GET /staff/schemes/{scheme_code}/versions/{version}": roles(ADMIN),
    "POST /cohort-imports": roles(OPERATOR, ADMIN),
    "GET /cohort-imports/{import_id}": roles(OPERATOR, ADMIN, own_only=(OPERATOR, ADMIN)),
    "POST /cohort-imports/{import_id}/commit": roles(OPERATOR, ADMIN, own_only=(OPERATOR, ADMIN)),
    "GET /progress/districts/{code}": roles(OPERATOR, ADMIN),
    "GET /progress/districts/{code}/cooperatives": roles(OPERATOR, ADMIN),
    "GET /progress/districts": roles(OPERATOR, ADMIN),
    "GET /progress/districts/{code}/schemes": roles(OPERATOR, ADMIN),
}
