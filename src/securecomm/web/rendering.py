"""Templates and the filters they use: times in the facility's own zone, durations, record fields.

Jinja2 autoescapes everything; nothing from a record or a form is ever rendered as markup.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from starlette.templating import Jinja2Templates

from securecomm import __version__

__all__ = ["TEMPLATES_DIR", "format_duration", "format_local", "home_path", "make_templates"]

TEMPLATES_DIR = Path(__file__).with_name("templates")


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def format_local(instant: datetime | None, tz: str | None) -> str:
    """An instant as a person at the facility reads it: 'Tue 14 Feb 2012, 17:00 CST'.

    >>> format_local(datetime(2012, 2, 14, 23, 0, tzinfo=UTC), "America/Chicago")
    'Tue 14 Feb 2012, 17:00 CST'
    """
    if instant is None:
        return "—"
    return instant.astimezone(_zone(tz)).strftime("%a %d %b %Y, %H:%M %Z")


def format_duration(seconds: float | None) -> str:
    """A countdown as the hold board shows it before its script takes over.

    >>> format_duration(97329)
    '1 d 03:02:09'
    >>> format_duration(-65)
    'past by 00:01:05'
    """
    if seconds is None:
        return "—"
    left = int(abs(seconds))
    days, rest = divmod(left, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if days:
        text = f"{days} d {text}"
    return f"past by {text}" if seconds < 0 else text


def format_iso(instant: datetime | None) -> str:
    return "" if instant is None else instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def format_date(day: date | None) -> str:
    return "—" if day is None else day.isoformat()


def home_path(role: str, scope: str | None) -> str:
    """The page each role starts on after signing in."""
    if role == "jail":
        return f"/jail/{scope}"
    if role == "ero":
        return f"/ero/{scope}"
    if role in ("crcl", "doj"):
        return "/oversight"
    return f"/{role}"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.filters["local"] = format_local
    env.filters["duration"] = format_duration
    env.filters["iso"] = format_iso
    env.filters["day"] = format_date
    env.globals["version"] = __version__
    env.globals["home_path"] = home_path
    env.trim_blocks = True
    env.lstrip_blocks = True
    return templates
