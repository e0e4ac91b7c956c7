"""Where a facility is, when the record knows only its county: the county's centroid.

Jails are not geocoded in securecomm's records; a county's centroid (of its largest polygon in the Census
Bureau's 2010 cartographic boundaries, `gz_2010_us_050_00_500k`, shipped inside the `plotly-geo` wheel)
is close enough to pick the nearest consular post: posts are tens to hundreds of kilometres apart.
"""

from __future__ import annotations

import importlib.resources
import itertools
from dataclasses import dataclass
from functools import cache

from securecomm.notices.errors import NoticeInputError

__all__ = ["CountyPoint", "county_centroid"]

COUNTY_FILE = "gz_2010_us_050_00_500k"


@dataclass(frozen=True, slots=True)
class CountyPoint:
    fips: str
    name: str
    latitude: float
    longitude: float


def _ring_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(area, x, y) of a closed ring by the shoelace formula, in degrees (planar; fine at county scale)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        xs, ys = zip(*points, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area), cx / (6 * area), cy / (6 * area)


@cache
def _index() -> dict[str, tuple[int, str]]:
    import shapefile  # type: ignore[import-untyped]  # pyshp ships no type information

    base = importlib.resources.files("_plotly_geo") / "package_data"
    with (
        importlib.resources.as_file(base / f"{COUNTY_FILE}.dbf") as dbf,
        open(dbf, "rb") as dbf_file,
    ):
        reader = shapefile.Reader(dbf=dbf_file, encoding="latin-1")
        return {f"{rec[1]}{rec[2]}": (i, str(rec[3])) for i, rec in enumerate(reader.records())}


def county_centroid(fips: str) -> CountyPoint:
    """The centroid of county `fips` (5 digits), or NoticeInputError when the 2010 boundaries lack it."""
    import shapefile

    code = fips.strip()
    found = _index().get(code)
    if found is None:
        raise NoticeInputError(
            f"no county {code!r} in the Census 2010 boundaries; give the facility's coordinates instead",
            where="fips",
        )
    index, name = found
    base = importlib.resources.files("_plotly_geo") / "package_data"
    with (
        importlib.resources.as_file(base / f"{COUNTY_FILE}.shp") as shp,
        importlib.resources.as_file(base / f"{COUNTY_FILE}.shx") as shx,
        open(shp, "rb") as shp_file,
        open(shx, "rb") as shx_file,
    ):
        shape = shapefile.Reader(shp=shp_file, shx=shx_file).shape(index)
    bounds = [*shape.parts, len(shape.points)]
    rings = [[(float(x), float(y)) for x, y in shape.points[a:b]] for a, b in itertools.pairwise(bounds)]
    _, lon, lat = max((_ring_centroid(ring) for ring in rings if len(ring) >= 3), key=lambda c: c[0])
    return CountyPoint(code, name, lat, lon)
