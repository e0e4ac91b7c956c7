"""The access policy on its own: roles, scopes, the 403/404 split, and field-level redaction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from securecomm.errors import BadInput
from securecomm.web.policy import GRANTS, REDACTED, Outcome, Permission, RecordScope, decide, redact
from securecomm.web.roles import Principal, Role, ScopeKind, normalise_scope, normalise_username, parse_role

FIPS = st.sampled_from(["48201", "48113", "06037", "01001"])
AOR = st.sampled_from(["HOU", "DAL", "LOS", "NOL"])


def principal_for(role: Role, fips: str = "48201", aor: str = "HOU") -> Principal:
    scope = {ScopeKind.FIPS: fips, ScopeKind.AOR: aor}.get(role.scope_kind)
    return Principal(f"{role.value}-user", role, scope)


@given(st.sampled_from(list(Role)), st.sampled_from(list(Permission)), FIPS, AOR, FIPS, AOR)
def test_the_outcome_follows_from_grant_and_scope(
    role: Role, permission: Permission, own_fips: str, own_aor: str, fips: str, aor: str
) -> None:
    principal = principal_for(role, own_fips, own_aor)
    outcome = decide(principal, permission, RecordScope(fips=fips, aor=aor)).outcome
    if permission is Permission.PUBLIC:
        assert outcome is Outcome.ALLOW
    elif permission not in GRANTS[role]:
        assert outcome is Outcome.FORBIDDEN  # a route outside the role: 403 whatever the record
    elif role.scope_kind is ScopeKind.FIPS:
        assert outcome is (Outcome.ALLOW if fips == own_fips else Outcome.NOT_FOUND)
    elif role.scope_kind is ScopeKind.AOR:
        assert outcome is (Outcome.ALLOW if aor == own_aor else Outcome.NOT_FOUND)
    else:
        assert outcome is Outcome.ALLOW


@given(st.sampled_from(list(Permission)), st.none() | st.builds(RecordScope, fips=FIPS, aor=AOR))
def test_the_public_may_only_use_public_routes(permission: Permission, record: RecordScope | None) -> None:
    outcome = decide(None, permission, record).outcome
    assert outcome is (Outcome.ALLOW if permission is Permission.PUBLIC else Outcome.SIGN_IN)


def test_a_record_with_an_unknown_county_is_outside_every_scope() -> None:
    jail = principal_for(Role.JAIL)
    assert (
        decide(jail, Permission.JAIL_RECORDS, RecordScope(fips=None, aor="HOU")).outcome is Outcome.NOT_FOUND
    )
    ero = principal_for(Role.ERO)
    assert (
        decide(ero, Permission.CASE_RECORDS, RecordScope(fips="48201", aor=None)).outcome is Outcome.NOT_FOUND
    )


def test_least_privilege_nobody_but_the_jail_reads_bookings_and_the_admin_reads_no_person() -> None:
    readers = {role for role, grants in GRANTS.items() if Permission.JAIL_RECORDS in grants}
    assert readers == {Role.JAIL}
    person_records = {Permission.JAIL_RECORDS, Permission.CASE_RECORDS, Permission.IAQ_RESPONSES}
    assert not GRANTS[Role.ADMIN] & person_records
    assert not GRANTS[Role.CRCL] & person_records and not GRANTS[Role.DOJ] & person_records


@pytest.mark.parametrize(
    ("permission", "holders"),
    [
        (Permission.OVERSIGHT_AGGREGATES, {Role.CRCL, Role.DOJ}),
        (Permission.OVERSIGHT_REVIEW, {Role.CRCL}),  # delivering packages, acting on referrals
        (Permission.COMPLAINTS_MANAGE, {Role.CRCL}),  # the complaint queue, intake, acts, letters
        (Permission.COMPLAINANT_IDENTITY, {Role.CRCL}),  # who complained (a field, never a route)
        (Permission.COMPLAINTS_REFERRALS, {Role.CRCL, Role.DOJ}),  # what CRCL referred to DOJ, redacted
    ],
)
def test_oversight_and_complaint_work_is_granted_to_crcl_and_the_doj_liaison_as_named(
    permission: Permission, holders: set[Role]
) -> None:
    assert {role for role, grants in GRANTS.items() if permission in grants} == holders
    doj = principal_for(Role.DOJ)
    assert decide(doj, permission).outcome is (Outcome.ALLOW if Role.DOJ in holders else Outcome.FORBIDDEN)


COMPLAINT = {
    "complaint_id": "CMP-1",
    "complainant_name": "A. Person",
    "complainant_phone": "555-0100",
    "complainant_a_number": "A012345678",
    "summary": "held five days past the deadline",
    "fips": "48201",
}


@pytest.mark.parametrize("role", list(Role))
def test_only_crcl_sees_a_complainants_identity(role: Role) -> None:
    shown = redact(principal_for(role), "complaint", COMPLAINT)
    identity = {k for k in COMPLAINT if k.startswith("complainant_")}
    if role is Role.CRCL:
        assert shown == COMPLAINT
    else:
        assert all(shown[k] == REDACTED for k in identity)
        assert {k: v for k, v in shown.items() if k not in identity} == {
            k: v for k, v in COMPLAINT.items() if k not in identity
        }


def test_the_public_sees_no_identity_and_other_record_kinds_are_untouched() -> None:
    assert redact(None, "complaint", COMPLAINT)["complainant_name"] == REDACTED
    booking = {"complainant_name": "not a complaint field here", "name": "J. Doe"}
    assert redact(None, "booking", booking) == booking


def test_scopes_are_normalised_and_checked() -> None:
    assert normalise_scope(Role.JAIL, " 1001 ") == "01001"
    assert normalise_scope(Role.ERO, "hou") == "HOU"
    assert normalise_scope(Role.LESC, None) is None
    with pytest.raises(BadInput, match="needs a county FIPS"):
        normalise_scope(Role.JAIL, None)
    with pytest.raises(BadInput, match="national and takes no scope"):
        normalise_scope(Role.DOJ, "48201")
    with pytest.raises(BadInput, match="not an AOR"):
        normalise_scope(Role.ERO, "HO1")
    with pytest.raises(BadInput, match="not a county FIPS"):
        normalise_scope(Role.JAIL, "482011")


def test_roles_and_usernames_are_checked_with_a_message_naming_the_choices() -> None:
    assert parse_role(" JAIL ") is Role.JAIL
    with pytest.raises(
        BadInput, match=r"--role: unknown role 'sheriff' \(roles: admin, lesc, crcl, doj, jail, ero\)"
    ):
        parse_role("sheriff")
    assert normalise_username(" ero-HOU ") == "ero-HOU"
    with pytest.raises(BadInput, match="not a username"):
        normalise_username("bad name")


def test_a_principal_cannot_be_made_with_the_wrong_kind_of_scope() -> None:
    with pytest.raises(ValueError, match="scope"):
        Principal("x", Role.JAIL, None)
    with pytest.raises(ValueError, match="scope"):
        Principal("x", Role.ADMIN, "48201")
