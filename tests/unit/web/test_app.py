"""The composition root: an app with an unguarded route is never built; the board's shifted clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI

from securecomm.clock import ManualClock
from securecomm.web import route_permissions
from securecomm.web.app import UnguardedRoute
from securecomm.web.clocks import ShiftedClock
from securecomm.web.deps import Ctx, Public, Require
from securecomm.web.policy import Permission


def test_a_route_without_a_guard_stops_the_app(app: FastAPI) -> None:
    route_permissions(app)  # the real app is fine

    @app.get("/api/forgotten")
    def forgotten() -> dict[str, str]:
        return {"secret": "no guard"}

    with pytest.raises(UnguardedRoute, match=r"\['GET'\] /api/forgotten declares 0 guards"):
        route_permissions(app)


def test_a_route_with_two_guards_is_refused_too(app: FastAPI) -> None:
    @app.get("/api/confused")
    def confused(
        a: Annotated[Ctx, Depends(Public())], b: Annotated[Ctx, Depends(Require(Permission.SIGNED_IN))]
    ) -> dict[str, str]:
        return {}

    with pytest.raises(UnguardedRoute, match="declares 2 guards"):
        route_permissions(app)


def test_public_routes_are_declared_with_public_not_require() -> None:
    with pytest.raises(ValueError, match="Public"):
        Require(Permission.PUBLIC)


def test_the_shifted_clock_runs_from_its_start_at_wall_speed() -> None:
    wall = ManualClock(datetime(2026, 11, 26, 12, tzinfo=UTC))
    start = datetime(2012, 3, 5, 9, tzinfo=UTC)
    board = ShiftedClock(start, wall=wall)
    assert board.now() == start
    wall.advance(timedelta(seconds=90))
    assert board.now() == start + timedelta(seconds=90)
    with pytest.raises(ValueError, match="timezone-aware"):
        ShiftedClock(datetime(2012, 3, 5, 9), wall=wall)
