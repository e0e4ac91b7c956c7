"""The detainer hold clock: until when a jail may hold a person on a detainer, by form version.

8 C.F.R. § 287.7(d): the agency "shall maintain custody of the alien for a period not to exceed 48
hours, excluding Saturdays, Sundays, and holidays". The I-247 editions of 2010, 2011 and 2012 repeat
that exclusion; the I-247D (2015) and I-247A (2017) ask only to "maintain custody ... for a period
NOT TO EXCEED 48 HOURS beyond the time when he/she would otherwise have been released", so those
count 48 elapsed hours. The I-247N and I-247X request no hold at all, and that is a value, not an
error.

Stated conventions (Catala's lesson: never add "48 hours" without saying on which calendar):
the clock starts when the person would otherwise be released; it runs in the facility's time
zone; durations are elapsed time (a day of a DST change has 23 or 25 hours); a release on an
excluded day starts the count at 00:00 of the next counted day; holidays are the legal public
holidays of 5 U.S.C. 6103(a) on their observed dates, and executive-order closures are not
holidays unless `dhs/ice/detainer/hold_calendar.yaml` says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from securecomm.audit.transparency import log
from securecomm.rules import sources
from securecomm.rules.calendar import FederalCalendar
from securecomm.rules.detainer_forms import DetainerForm, parse_form
from securecomm.rules.errors import AmbiguousLocalTime, RuleFileError, UnknownCode
from securecomm.rules.model import Determination, Reason, Reference, merge_references
from securecomm.rules.registry import rule
from securecomm.rules.ruleset import RuleSet

__all__ = ["HoldDeadline", "compute_hold_deadline", "localize", "resolve_zone"]

HOLD_TERMS = "dhs.ice.detainer.hold_terms"
HOLD_CALENDAR = "dhs.ice.detainer.hold_calendar"
CLOSURES = "executive_orders.federal_office_closures"
RULE_ID = "detainer.hold_deadline"


@dataclass(frozen=True, slots=True)
class HoldDeadline:
    """When a hold ends. `deadline_at` is None when the form requests no hold."""

    form: DetainerForm
    release_at: datetime
    counting_from: datetime | None
    deadline_at: datetime | None
    hold_hours: int | None
    counting: str
    excluded_days: tuple[tuple[date, str], ...] = ()


def resolve_zone(name: str | tzinfo, *, where: str | None = "--tz") -> tzinfo:
    """An IANA zone by name (UnknownCode if there is none), or a tzinfo as given."""
    if not isinstance(name, str):
        return name
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownCode(
            "IANA time zone", name, accepted="a name such as America/New_York", where=where
        ) from None


def localize(naive: datetime, zone: tzinfo, *, where: str | None = "--release-at") -> datetime:
    """Attach `zone` to a wall-clock time, refusing times a DST change skips or repeats."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise AmbiguousLocalTime(
            f"{naive.isoformat()} does not exist in {zone} (the clocks skip it); give the time with its offset",
            where=where,
        )
    raise AmbiguousLocalTime(
        f"{naive.isoformat()} occurs twice in {zone} (offsets {first.utcoffset()} and {second.utcoffset()}); "
        "give the time with its offset, e.g. 2012-11-04T01:30-04:00",
        where=where,
    )


def _start_of_day(day: date, zone: tzinfo) -> datetime:
    """The first instant of `day` in `zone`, in UTC (if midnight is skipped, the instant clocks jump)."""
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


@rule(
    id=RULE_ID,
    version="forms-2010-2017",
    effective_from=date(1997, 4, 1),
    references=(
        sources.CFR_8_287_7_D,
        sources.PEP_FORMS_2015,
        sources.FORM_I_247A,
        sources.INTERPRETATION_CLOCK,
    ),
    parameters=(
        HOLD_TERMS,
        HOLD_CALENDAR,
        CLOSURES,
        "usc.title_5.legal_public_holidays",
        "usc.title_5.holiday_observance",
    ),
)
def compute_hold_deadline(
    form: DetainerForm | str,
    release_at: datetime,
    *,
    tz: str | tzinfo | None = None,
    ruleset: RuleSet,
) -> Determination[HoldDeadline]:
    """Maintain custody "for a period not to exceed 48 hours" past release, counted as the form says.

    Forms I-247-2010/2011/2012 exclude Saturdays, Sundays and holidays (8 C.F.R. § 287.7(d));
    I-247D and I-247A count 48 elapsed hours; I-247N and I-247X request no hold. `release_at` is
    when the person would otherwise be released; a naive time needs `tz` (the facility's IANA
    zone), an aware one is converted to `tz` when given. The deadline is in the facility's zone.
    """
    form = form if isinstance(form, DetainerForm) else parse_form(form)
    if release_at.tzinfo is None:
        if tz is None:
            raise AmbiguousLocalTime(
                f"{release_at.isoformat()} has no UTC offset; give the facility's time zone (--tz America/New_York)",
                where="--release-at",
            )
        zone = resolve_zone(tz)
        start = localize(release_at, zone)
    else:
        zone = resolve_zone(tz) if tz is not None else release_at.tzinfo
        assert zone is not None
        start = release_at.astimezone(zone)
    terms_table = ruleset.parameter(HOLD_TERMS).values[-1]  # a printed form's terms hold whatever the date
    terms = terms_table.value.get(form.value)
    if terms is None:
        raise RuleFileError(f"no hold terms for form {form.value}", file=ruleset.parameter(HOLD_TERMS).file)
    as_of = start.date()
    references = merge_references(
        ruleset.parameter(HOLD_TERMS).references, terms_table.references, _form_references(form)
    )
    reasons = [Reason("hold.terms", str(terms["text"]), RULE_ID)]
    counting = str(terms["counting"])
    hours = terms.get("hold_hours")
    if counting == "none" or hours is None:
        reasons.append(
            Reason("hold.no_hold", f"{form.value} requests no hold, so there is no hold deadline.", RULE_ID)
        )
        value = HoldDeadline(form, start, None, None, None, "none")
        return Determination(value, tuple(reasons), references, RULE_ID, "forms-2010-2017", as_of)
    reasons.append(
        Reason(
            "hold.start",
            f"The clock starts at release, {start.isoformat()}, in the facility's zone {zone}.",
            RULE_ID,
        )
    )
    if counting == "elapsed":
        deadline = (start.astimezone(UTC) + timedelta(hours=int(hours))).astimezone(zone)
        value = HoldDeadline(form, start, start, deadline, int(hours), counting)
        reasons.append(
            Reason("hold.elapsed", f"{hours} elapsed hours; weekends and holidays count.", RULE_ID)
        )
    elif counting == "business_days":
        value = _business_deadline(form, start, int(hours), zone, ruleset, reasons)
        references = merge_references(
            references,
            ruleset.references(HOLD_CALENDAR, as_of),
            ruleset.references("usc.title_5.legal_public_holidays", as_of),
        )
    else:
        raise RuleFileError(
            f"form {form.value}: counting {counting!r} is not elapsed, business_days or none",
            file=ruleset.parameter(HOLD_TERMS).file,
        )
    assert value.deadline_at is not None
    if start.utcoffset() != value.deadline_at.utcoffset():
        reasons.append(
            Reason(
                "hold.dst",
                f"The zone's UTC offset changes during the hold ({start.isoformat()[-6:]} to "
                f"{value.deadline_at.isoformat()[-6:]}); hours are counted as elapsed time.",
                RULE_ID,
            )
        )
    log("rules.hold_deadline", {"form": form.value, "deadline_at": value.deadline_at.isoformat()})
    return Determination(value, tuple(reasons), references, RULE_ID, "forms-2010-2017", as_of)


def _form_references(form: DetainerForm) -> tuple[Reference, ...]:
    if form in (DetainerForm.I_247D, DetainerForm.I_247N, DetainerForm.I_247X):
        return (sources.PEP_FORMS_2015,)
    if form is DetainerForm.I_247A:
        return (sources.FORM_I_247A,)
    return (sources.CFR_8_287_7_D, sources.INTERPRETATION_CLOCK)


def _business_deadline(
    form: DetainerForm, start: datetime, hours: int, zone: tzinfo, ruleset: RuleSet, reasons: list[Reason]
) -> HoldDeadline:
    """Count `hours` of elapsed time on counted days only (the 2010-2012 I-247 forms)."""
    calendar = FederalCalendar(ruleset)
    convention = ruleset.value(HOLD_CALENDAR, start.date())
    closures: dict[date, str] = {}
    if convention.get("count_executive_order_closures_as_holidays"):
        for entry in ruleset.value(CLOSURES, start.date()):
            closures[entry["date"]] = f"federal offices closed by {entry['order']}"

    def excluded(day: date) -> str | None:
        return calendar.excluded(day) or closures.get(day)

    skipped: list[tuple[date, str]] = []
    remaining = timedelta(hours=hours)
    cursor = start.astimezone(UTC)
    day = start.date()
    why = excluded(day)
    if why is not None:
        skipped.append((day, why))
        day += timedelta(days=1)
        while (why := excluded(day)) is not None:
            skipped.append((day, why))
            day += timedelta(days=1)
        cursor = _start_of_day(day, zone)
        reasons.append(
            Reason(
                "hold.start_shifted",
                f"Release falls on an excluded day ({skipped[0][1]}); by convention the count starts at 00:00 of "
                f"the next counted day, {cursor.astimezone(zone).isoformat()}.",
                RULE_ID,
            )
        )
    counting_from = cursor.astimezone(zone)
    while True:
        day_end = _start_of_day(day + timedelta(days=1), zone)
        available = day_end - cursor
        if remaining <= available:
            deadline = (cursor + remaining).astimezone(zone)
            break
        remaining -= available
        day += timedelta(days=1)
        while (why := excluded(day)) is not None:
            skipped.append((day, why))
            day += timedelta(days=1)
        cursor = _start_of_day(day, zone)
    if skipped:
        listed = "; ".join(f"{d.isoformat()} {why}" for d, why in skipped)
        reasons.append(Reason("hold.excluded_days", f"Not counted: {listed}.", RULE_ID))
    reasons.append(
        Reason(
            "hold.business_hours",
            f"{hours} hours counted on days other than Saturdays, Sundays and legal public holidays "
            "(5 U.S.C. 6103(a), observed dates); executive-order closures are "
            + ("counted as holidays." if closures else "not holidays."),
            RULE_ID,
        )
    )
    return HoldDeadline(form, start, counting_from, deadline, hours, "business_days", tuple(skipped))
