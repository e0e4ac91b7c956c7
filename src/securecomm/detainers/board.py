"""The hold board: every active detainer of a jail at an instant, its deadline in the facility's time, a
countdown and an alert level.

The board does not trust the stored deadline alone. From the release-eligible moment it recomputes the
legal end of the hold with `securecomm.rules.compute_hold_deadline` (48 hours excluding weekends and
holidays for the 2010-2012 I-247, 48 elapsed hours for I-247D/A), and it shows the earlier of the two:

* a form that requests no hold (I-247N, I-247X) gives no authority to keep anyone past release, so its
  deadline is the release-eligible moment itself;
* a hold whose citizenship verification was not recorded by the release-eligible moment may not begin
  (the custody agency's safeguard), so its deadline is also that moment.

A person still held after that deadline is `PAST_DEADLINE` on the board whatever the reason: an expiry
message that is late, a dispatcher that is down, or a person who decided to keep someone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from securecomm.detainers.errors import BoardInputError
from securecomm.detainers.model import Board, BoardSettings, DetainerView, HoldAlert, HoldLine, Phase
from securecomm.rules import RuleSet, compute_hold_deadline, parse_form, resolve_zone

__all__ = [
    "DEFAULT_SETTINGS",
    "LegalDeadline",
    "busiest_instant",
    "due_holds",
    "format_countdown",
    "hold_board",
    "hold_line",
    "legal_deadline",
    "legal_deadlines",
]


DEFAULT_SETTINGS = BoardSettings()


@dataclass(frozen=True, slots=True)
class LegalDeadline:
    """The latest instant the law lets the jail keep the person under this detainer (None: no clock yet)."""

    deadline_at: datetime | None
    basis: str  # "rules", "no_hold_requested", "not_verified", "awaiting_release"


def _zone(view: DetainerView) -> tzinfo:
    return resolve_zone(view.facility_tz, where=f"detainers[{view.detainer_id}].facility_tz")


def legal_deadline(view: DetainerView, *, ruleset: RuleSet) -> LegalDeadline:
    """The legal end of the hold from the release-eligible moment, the form and the verification."""
    release = view.release_eligible_at
    if release is None:
        return LegalDeadline(None, "awaiting_release")
    if not view.requests_hold:
        return LegalDeadline(release.astimezone(_zone(view)), "no_hold_requested")
    if view.verified_at is None or view.verified_at > release:
        return LegalDeadline(release.astimezone(_zone(view)), "not_verified")
    form = parse_form(view.form, where=f"detainers[{view.detainer_id}].form")
    hold = compute_hold_deadline(form, release, tz=view.facility_tz, ruleset=ruleset).value
    if hold.deadline_at is None:
        return LegalDeadline(release.astimezone(_zone(view)), "no_hold_requested")
    return LegalDeadline(hold.deadline_at, "rules")


def legal_deadlines(views: Iterable[DetainerView], *, ruleset: RuleSet) -> dict[str, LegalDeadline]:
    """`legal_deadline` of each view, by detainer id (compute once, evaluate at many instants)."""
    return {v.detainer_id: legal_deadline(v, ruleset=ruleset) for v in views}


def format_countdown(remaining: timedelta) -> str:
    """A countdown as a person reads it: days, then hh:mm:ss; negative once the deadline has passed.

    >>> format_countdown(timedelta(days=1, hours=2, minutes=3, seconds=4.9))
    '1 d 02:03:04'
    >>> format_countdown(timedelta(minutes=-12, seconds=-3))
    '-00:12:03'
    """
    total = remaining.total_seconds()
    sign = "-" if total < 0 else ""
    seconds = int(abs(total))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{sign}{days} d {clock}" if days else f"{sign}{clock}"


def _alert(remaining: timedelta, settings: BoardSettings) -> HoldAlert:
    if remaining < timedelta(0):
        return HoldAlert.PAST_DEADLINE
    if remaining <= settings.due_now_within:
        return HoldAlert.DUE_NOW
    if remaining <= settings.alert_within:
        return HoldAlert.DUE_SOON
    return HoldAlert.ON_TIME


def hold_line(
    view: DetainerView, *, at: datetime, legal: LegalDeadline, settings: BoardSettings = DEFAULT_SETTINGS
) -> HoldLine:
    """The board line of one detainer at `at` (which must fall while the detainer is active)."""
    if at.tzinfo is None:
        raise BoardInputError(f"{at.isoformat()} has no UTC offset", where="--at")
    # Arithmetic and comparisons in UTC: Python subtracts two times of the same zone on the wall clock,
    # which is an hour off across a DST change. The facility's zone is for display only.
    at = at.astimezone(UTC)
    if not view.active_at(at):
        raise BoardInputError(
            f"detainer {view.detainer_id} is not active at {at.isoformat()} (lodged {view.issued_at.isoformat()}, "
            f"ended {view.ended_at.isoformat() if view.ended_at else 'never'})",
            where="--at",
        )
    zone = _zone(view)
    release = None if view.release_eligible_at is None else view.release_eligible_at.astimezone(UTC)
    if release is None or release > at:
        return HoldLine(
            detainer=view,
            at=at.astimezone(zone),
            phase=Phase.AWAITING_RELEASE,
            alert=HoldAlert.PENDING,
            release_eligible_at=None,
            deadline_at=None,
            remaining=None,
            countdown="not release-eligible yet",
            label=settings.label(HoldAlert.PENDING),
        )
    assert legal.deadline_at is not None  # a release-eligible detainer always has a legal deadline
    stored = None if view.deadline_at is None else view.deadline_at.astimezone(UTC)
    rules = legal.deadline_at.astimezone(UTC)
    deadline = rules if stored is None else min(stored, rules)
    mismatch = stored is not None and stored != rules
    if legal.basis == "rules" and stored is None:
        mismatch = True  # held past release with no deadline recorded: the rules' deadline applies
    remaining = deadline - at
    alert = _alert(remaining, settings)
    return HoldLine(
        detainer=view,
        at=at.astimezone(zone),
        phase=Phase.HOLDING if legal.basis in ("rules", "not_verified") else Phase.NO_HOLD,
        alert=alert,
        release_eligible_at=release.astimezone(zone),
        deadline_at=deadline.astimezone(zone),
        remaining=remaining,
        countdown=format_countdown(remaining),
        label=settings.label(alert),
        deadline_mismatch=mismatch,
    )


def _order(line: HoldLine) -> tuple[int, float, str]:
    left = line.remaining.total_seconds() if line.remaining is not None else float("inf")
    return (-line.alert.rank, left, line.detainer.detainer_id)


def hold_board(
    views: Iterable[DetainerView],
    *,
    at: datetime,
    ruleset: RuleSet,
    settings: BoardSettings = DEFAULT_SETTINGS,
    legal: Mapping[str, LegalDeadline] | None = None,
    fips: str | None = None,
) -> Board:
    """The board at `at`: every detainer active then (of one county when `fips` is given), most urgent first.

    `legal` may carry deadlines computed earlier (`legal_deadlines`), so a live board ticking every second
    does not recompute the rules.
    """
    if at.tzinfo is None:
        raise BoardInputError(f"{at.isoformat()} has no UTC offset (add Z or an offset)", where="--at")
    lines = []
    for view in views:
        if (fips is not None and view.fips != fips) or not view.active_at(at) or view.state == "declined":
            continue  # a detainer the jail declined is no hold (the field office lifts it)
        deadline = (legal or {}).get(view.detainer_id) or legal_deadline(view, ruleset=ruleset)
        lines.append(hold_line(view, at=at, legal=deadline, settings=settings))
    return Board(at=at, lines=tuple(sorted(lines, key=_order)), settings=settings)


def due_holds(board: Board, *, within: timedelta) -> tuple[HoldLine, ...]:
    """Lines whose deadline falls within `within` of the board's instant, or has passed (most urgent first)."""
    if within < timedelta(0):
        raise BoardInputError(f"must not be negative, got {within}", where="--within")
    return tuple(line for line in board.lines if line.remaining is not None and line.remaining <= within)


def busiest_instant(views: Iterable[DetainerView]) -> datetime | None:
    """An instant at which the most holds run within their deadline (the earliest such), for showing a board of a
    simulated past: candidates are one minute after each hold began and 4.5 hours before each deadline,
    so some lines are calm and some about to alert. None when no hold ever began."""
    spans = [
        (v, v.release_eligible_at.astimezone(UTC), v.deadline_at.astimezone(UTC))
        for v in views
        if v.release_eligible_at is not None and v.deadline_at is not None
    ]
    candidates: set[datetime] = set()
    for _, release, deadline in spans:
        candidates.add(release + timedelta(minutes=1))
        early = deadline - timedelta(hours=4, minutes=30)
        if early > release:
            candidates.add(early)

    def running(at: datetime) -> int:
        return sum(1 for v, release, deadline in spans if release <= at <= deadline and v.active_at(at))

    if not candidates:
        return None
    return max(sorted(candidates), key=running)
