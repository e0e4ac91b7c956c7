"""County maps without a network: US Census boundaries shipped inside the `plotly-geo` wheel.

The counties are the Census Bureau's 2010 cartographic boundaries (`gz_2010_us_050_00_500k`, the county
set of the Secure Communities years) and the states its 2016 ones, read with `pyshp`. They are projected
with an Albers equal-area conic (the USGS parameters for the lower 48); Alaska, Hawaii and Puerto Rico
are drawn in insets at their own scale, as atlases do. Polygons are thinned for drawing only.
"""

from __future__ import annotations

import functools
import importlib.resources
import io
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure

__all__ = ["County", "albers", "counties", "county_map_png", "known_fips"]

COUNTY_FILE = "gz_2010_us_050_00_500k"
STATE_FILE = "cb_2016_us_state_500k"
_THIN = 4  # keep every 4th vertex: invisible at report size, 4x faster to draw


@dataclass(frozen=True, slots=True)
class County:
    fips: str
    name: str
    rings: tuple[np.ndarray, ...]  # projected (x, y) rings, map units


def albers(
    lon: np.ndarray, lat: np.ndarray, *, lon0: float, lat0: float, lat1: float, lat2: float
) -> np.ndarray:
    """Albers equal-area conic on a sphere (Snyder 1987, eq. 14-1 to 14-6)."""
    phi, lam = np.radians(lat), np.radians(lon)
    p0, p1, p2, l0 = np.radians([lat0, lat1, lat2, lon0])
    n = (np.sin(p1) + np.sin(p2)) / 2
    c = np.cos(p1) ** 2 + 2 * n * np.sin(p1)
    rho = np.sqrt(np.maximum(c - 2 * n * np.sin(phi), 0)) / n
    rho0 = np.sqrt(c - 2 * n * np.sin(p0)) / n
    theta = n * (lam - l0)
    return np.column_stack([rho * np.sin(theta), rho0 - rho * np.cos(theta)])


# State FIPS -> projection into the common map frame (lower 48 at scale 1; insets placed bottom left).
def _projector(state: str) -> Callable[[np.ndarray], np.ndarray]:
    if state == "02":  # Alaska: its own cone, shrunk to 35 % and moved below California
        return lambda p: albers(np.where(p[:, 0] > 0, p[:, 0] - 360, p[:, 0]), p[:, 1], lon0=-154, lat0=50,
                                 lat1=55, lat2=65) * 0.35 + np.array([-0.30, -0.37])  # fmt: skip
    if state == "15":  # Hawaii: true scale, next to Alaska
        return lambda p: (
            albers(p[:, 0], p[:, 1], lon0=-157, lat0=20.5, lat1=8, lat2=18) + np.array([-0.12, -0.36])
        )
    if state == "72":  # Puerto Rico: true scale, off Florida
        return lambda p: (
            albers(p[:, 0], p[:, 1], lon0=-66, lat0=18.2, lat1=8, lat2=18) + np.array([0.28, -0.33])
        )
    return lambda p: albers(p[:, 0], p[:, 1], lon0=-96, lat0=37.5, lat1=29.5, lat2=45.5)


def _read(name: str) -> list[tuple[list[str], list[np.ndarray]]]:
    import shapefile  # type: ignore[import-untyped]  # pyshp ships no type information

    base = importlib.resources.files("_plotly_geo") / "package_data"
    with (
        importlib.resources.as_file(base / f"{name}.shp") as shp,
        importlib.resources.as_file(base / f"{name}.dbf") as dbf,
        importlib.resources.as_file(base / f"{name}.shx") as shx,
        open(shp, "rb") as shp_file,
        open(dbf, "rb") as dbf_file,
        open(shx, "rb") as shx_file,
    ):
        reader = shapefile.Reader(shp=shp_file, dbf=dbf_file, shx=shx_file, encoding="latin-1")
        out = []
        for shape_record in reader.iterShapeRecords():
            points = np.asarray(shape_record.shape.points, dtype=np.float64)
            bounds = [*shape_record.shape.parts, len(points)]
            rings = [points[a:b] for a, b in itertools.pairwise(bounds) if b - a >= 4]
            out.append(([str(v) for v in shape_record.record], rings))
        return out


def _project(state: str, ring: np.ndarray) -> np.ndarray:
    thin = ring[::_THIN] if len(ring) > 4 * _THIN else ring
    return _projector(state)(thin)


@functools.cache
def counties() -> tuple[County, ...]:
    """Every county (and equivalent) with its 5-digit FIPS code, projected. Read once per process."""
    out = []
    for record, rings in _read(COUNTY_FILE):
        state, county, name = record[1], record[2], record[3]
        out.append(County(f"{state}{county}", name, tuple(_project(state, r) for r in rings)))
    return tuple(out)


@functools.cache
def _state_outlines() -> tuple[np.ndarray, ...]:
    keep = {f"{i:02d}" for i in range(1, 57)} | {"72"}
    return tuple(_project(rec[0], r) for rec, rings in _read(STATE_FILE) if rec[0] in keep for r in rings)


def known_fips() -> frozenset[str]:
    return frozenset(c.fips for c in counties())


def county_map_png(
    values: Mapping[str, float],
    *,
    title: str,
    colormap: Colormap,
    norm: Normalize,
    colorbar_label: str,
    colorbar_ticks: Mapping[float, str] | None = None,
    missing_label: str = "no data",
    note: str | None = None,
) -> bytes:
    """A choropleth of `values` by county FIPS code; counties without a value are light grey."""
    fig = Figure(figsize=(10, 6.4), dpi=110)
    ax = fig.add_axes((0.01, 0.08, 0.86, 0.84))
    shaded: list[np.ndarray] = []
    grey: list[np.ndarray] = []
    colors: list[tuple[float, float, float, float]] = []
    for county in counties():
        value = values.get(county.fips)
        if value is None or not np.isfinite(value):
            grey.extend(county.rings)
        else:
            shaded.extend(county.rings)
            colors.extend([colormap(norm(value))] * len(county.rings))
    ax.add_collection(PolyCollection(grey, facecolors="#e4e4e4", edgecolors="#ffffff", linewidths=0.1))
    ax.add_collection(PolyCollection(shaded, facecolors=colors, edgecolors="#ffffff", linewidths=0.1))
    ax.add_collection(
        PolyCollection(_state_outlines(), facecolors="none", edgecolors="#555555", linewidths=0.35)
    )
    ax.set_xlim(-0.42, 0.42)
    ax.set_ylim(-0.40, 0.26)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=12)
    from matplotlib.cm import ScalarMappable

    bar_axes = fig.add_axes((0.88, 0.2, 0.02, 0.6))
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=colormap), cax=bar_axes)
    bar.set_label(colorbar_label)
    if colorbar_ticks:
        bar.set_ticks(list(colorbar_ticks))
        bar.set_ticklabels(list(colorbar_ticks.values()))
    footer = (
        f"Grey: {missing_label}. Boundaries: US Census Bureau 2010 counties (plotly-geo); Albers equal-area."
    )
    fig.text(0.01, 0.02, footer + (f"\n{note}" if note else ""), fontsize=7.5, color="#444444")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
