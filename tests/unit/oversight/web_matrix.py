"""The oversight routes' rows for the web application's access matrix (tests/unit/web/test_access_matrix.py).

Letters per role in the matrix's order (public, admin, lesc, crcl, doj, jail, ero): A allowed, F 403, S sign
in first. `seed_matrix_records(db)` gives a matrix world (any database with a booking in 2012Q1) what the
rows name: a delivered 2012Q1 package, a referral CRCL referred to DOJ (which DOJ may read) and one in review
(on which CRCL's POSTed note always succeeds). Every POST row can be repeated: a note keeps a referral in
review, and delivering a quarter again records a new version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from securecomm.oversight.delivery import deliver_package
from securecomm.oversight.package import build_package
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.referral import ReferralAction
from securecomm.rules import load_ruleset
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database
from securecomm.storage.oversight_records import SqlPackages, desk, flow_counts_from

__all__ = ["MATRIX_IDS", "seed_matrix_records", "web_matrix_rows"]

EVERYONE, READERS, CRCL = "A A A A A A A", "S F F A A F F", "S F F A F F F"
# What seed_matrix_records returns (referral ids are deterministic), so a matrix can name them in static paths.
MATRIX_IDS = {
    "quarter": "2012Q1",
    "referred": "referral-c08f5bc283ed2e20",
    "in_review": "referral-9c0d1026e59a0568",
}


def seed_matrix_records(db: Database, *, quarter: str = "2012Q1") -> dict[str, str]:
    """A delivered package for `quarter` and two referrals; returns their ids for the rows' paths."""
    at = datetime(2012, 7, 2, 15, tzinfo=UTC)
    with db.transaction() as tx:
        counts = flow_counts_from(tx, ruleset=load_ruleset(), through=Quarter.parse(quarter))
        package = build_package(counts, Quarter.parse(quarter))
        referrals = desk(tx)
        deliver_package(package, packages=SqlPackages(tx), referrals=referrals, audit=SessionAuditLog(tx),
                        actor="matrix-statistician", at=at, note="Seeded for the access matrix.")  # fmt: skip
        ids = {}
        for name, fips in (("referred", "48201"), ("in_review", "48113")):
            opened = referrals.open(jurisdiction=fips, quarter=quarter, measure=f"matrix {name}",
                                    evidence="Seeded for the access matrix.", actor="matrix-statistician", at=at)  # fmt: skip
            assert opened is not None
            referrals.act(
                opened.referral_id, ReferralAction.BEGIN_REVIEW, actor="matrix", at=at, reason="Seeded."
            )
            if name == "referred":
                referrals.act(
                    opened.referral_id, ReferralAction.REFER_TO_DOJ, actor="matrix", at=at, reason="Seeded."
                )
            ids[name] = opened.referral_id
    return {"quarter": quarter, **ids}


def web_matrix_rows(entry: Callable[..., Any], ids: dict[str, str]) -> dict[tuple[str, str], Any]:
    """(method, path template) -> `entry(path, letters, form=...)` for every route of the oversight router."""
    q, referred, in_review = ids["quarter"], ids["referred"], ids["in_review"]
    return {
        ("GET", "/statistics"): entry("/statistics", EVERYONE),
        ("GET", "/api/public/statistics"): entry("/api/public/statistics", EVERYONE),
        ("GET", "/api/public/statistics/{name}.csv"): entry(
            "/api/public/statistics/matches_by_level_and_fiscal_year.csv", EVERYONE
        ),
        ("GET", "/oversight/packages"): entry("/oversight/packages", READERS),
        ("POST", "/oversight/packages"): entry(
            "/oversight/packages",
            CRCL,
            form=lambda _: {"quarter": q, "note": "Delivered by the access matrix."},
        ),
        ("GET", "/oversight/packages/{quarter}"): entry(f"/oversight/packages/{q}", READERS),
        ("GET", "/oversight/packages/{quarter}/results.csv"): entry(
            f"/oversight/packages/{q}/results.csv", READERS
        ),
        ("GET", "/api/oversight/packages"): entry("/api/oversight/packages", READERS),
        ("GET", "/api/oversight/packages/{quarter}"): entry(f"/api/oversight/packages/{q}", READERS),
        ("GET", "/oversight/referrals"): entry("/oversight/referrals", READERS),
        ("GET", "/oversight/referrals/{referral_id}"): entry(f"/oversight/referrals/{referred}", READERS),
        ("POST", "/oversight/referrals/{referral_id}/acts/{action}"): entry(
            f"/oversight/referrals/{in_review}/acts/record_note",
            CRCL,
            form=lambda _: {"reason": "Matrix note."},
        ),
        ("GET", "/api/oversight/referrals"): entry("/api/oversight/referrals", READERS),
        ("GET", "/api/oversight/referrals/{referral_id}"): entry(
            f"/api/oversight/referrals/{referred}", READERS
        ),
    }
