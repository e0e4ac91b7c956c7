"""The consulate to notify: the sending state's post nearest to the facility, from the notices' table.

Jails are not geocoded in securecomm's records; the county's centroid stands for the facility, which is
close enough at the scale consular posts are spread over (`securecomm.notices.county_centroid`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from securecomm.notices import NearestPost

__all__ = ["Locate", "nearest_post_for_county"]

# (sending state, county FIPS) -> the nearest post, or None when the tables list none for that state.
Locate = Callable[[str, str], "NearestPost | None"]


@lru_cache(maxsize=4096)
def nearest_post_for_county(country: str, fips: str) -> NearestPost | None:
    """The post of `country` nearest to the centroid of county `fips`.

    A county missing from the 2010 boundaries raises the notices' NoticeInputError naming it. Cached: the
    answer depends only on the two codes and the packaged tables.
    """
    from securecomm.notices import county_centroid, nearest_post

    point = county_centroid(fips)
    return nearest_post(country, point.latitude, point.longitude)
