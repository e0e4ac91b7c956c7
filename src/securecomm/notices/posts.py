"""Foreign consular posts in the United States and "the nearest consulate" to a facility.

Two packaged tables (provenance in `data/README.md` and docs/notices.md):

* `consular_posts_wikidata.csv`: embassies, consulates general, consulates and Taiwan's economic and
  cultural offices in the United States from Wikidata (CC0), as compiled by the database-of-embassies
  project (snapshot of 16 November 2022). Washington embassies are nearly complete; consulates are not.
* `consular_posts_supplement.csv`: securecomm's [M] supplement for consular networks the Wikidata
  snapshot lacks, for the most frequent nationalities and mandatory countries (Mexico, Guatemala,
  El Salvador, Honduras, the Dominican Republic, Haiti, the Philippines, Jamaica, Nigeria) and TECRO in
  Washington, placed at their cities' centres.

The nearest post is chosen by great-circle distance from the facility. Both tables are today's posts, not
those of 2008-2014; the State Department's "Foreign Consular Offices in the United States" is the list to
confirm a post and its fax number against before sending.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from securecomm.notices.errors import NoticeDataError, NoticeInputError
from securecomm.notices.model import ConsularPost
from securecomm.rules import parse_country

__all__ = ["POST_TABLES", "NearestPost", "consular_posts", "great_circle_km", "nearest_post", "posts_for"]

POST_TABLES = ("consular_posts_wikidata.csv", "consular_posts_supplement.csv")
_COLUMNS = ("country", "post", "kind", "city", "state", "latitude", "longitude", "coordinates")
_EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres on a sphere of the Earth's mean radius.

    >>> round(great_circle_km(41.8781, -87.6298, 38.9072, -77.0369))  # Chicago to Washington
    955
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _parse(text: str, table: str) -> list[ConsularPost]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise NoticeDataError(f"missing columns {', '.join(missing)}", where=table)
    posts: list[ConsularPost] = []
    for line, row in enumerate(reader, start=2):
        where = f"{table}:{line}"
        try:
            latitude, longitude = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            raise NoticeDataError(
                f"latitude/longitude {row['latitude']!r}, {row['longitude']!r} are not numbers", where=where
            ) from None
        if row["coordinates"] not in ("wikidata", "city_centre"):
            raise NoticeDataError(
                f"coordinates must be wikidata or city_centre, got {row['coordinates']!r}", where=where
            )
        posts.append(
            ConsularPost(
                country=parse_country(row["country"], where=where),
                post=row["post"],
                kind=row["kind"],
                city=row["city"],
                state=row["state"],
                latitude=latitude,
                longitude=longitude,
                coordinates=row["coordinates"],
                phone=row.get("phone") or "",
                source=f"wikidata {row['wikidata']}" if row.get("wikidata") else "securecomm supplement [M]",
            )
        )
    return posts


@cache
def consular_posts() -> tuple[ConsularPost, ...]:
    """Every post of both tables; a post in both (same country, kind and city) is kept from Wikidata."""
    folder = resources.files("securecomm.notices").joinpath("data")
    seen: set[tuple[str, str, str]] = set()
    out: list[ConsularPost] = []
    for table in POST_TABLES:
        for post in _parse(folder.joinpath(table).read_text(encoding="utf-8"), table):
            key = (post.country, post.kind, post.city)
            if key not in seen:
                seen.add(key)
                out.append(post)
    return tuple(out)


def posts_for(country: str) -> tuple[ConsularPost, ...]:
    """The posts of one sending state (ISO 3166-1 alpha-2); empty when the tables list none."""
    code = parse_country(country, where="country")
    return tuple(p for p in consular_posts() if p.country == code)


@dataclass(frozen=True, slots=True)
class NearestPost:
    post: ConsularPost
    distance_km: float


def nearest_post(country: str, latitude: float, longitude: float) -> NearestPost | None:
    """The post of `country` closest to (latitude, longitude), or None when the tables list no post.

    None is an expected outcome (a country with no post in the tables): the documents then tell the
    officer to find the post in the State Department's list rather than guess one.
    """
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise NoticeInputError(
            f"({latitude}, {longitude}) is not a point on Earth", where="facility coordinates"
        )
    candidates = posts_for(country)
    if not candidates:
        return None
    best = min(
        candidates, key=lambda p: (great_circle_km(latitude, longitude, p.latitude, p.longitude), p.post)
    )
    return NearestPost(best, great_circle_km(latitude, longitude, best.latitude, best.longitude))
