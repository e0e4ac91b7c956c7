"""The rate limit: generous (far above ten a minute), per address, and it lets people back in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from securecomm.complaints.ratelimit import FORM_LIMITS, Limit, RateLimiter

T0 = datetime(2012, 3, 5, 15, tzinfo=UTC)


def test_the_form_allows_well_above_ten_a_minute_from_one_address() -> None:
    limiter = RateLimiter(FORM_LIMITS)
    allowed = [limiter.hit("203.0.113.9", T0 + timedelta(seconds=i)) for i in range(30)]
    assert allowed == [None] * 30
    wait = limiter.hit("203.0.113.9", T0 + timedelta(seconds=30))
    assert wait is not None and timedelta(0) < wait <= timedelta(seconds=30)
    assert limiter.hit("198.51.100.7", T0 + timedelta(seconds=30)) is None  # another address is unaffected
    assert limiter.hit("203.0.113.9", T0 + timedelta(seconds=61)) is None  # the minute has passed


def test_the_hourly_limit_bites_after_the_minutes_do_not() -> None:
    limiter = RateLimiter((Limit(3, timedelta(minutes=1)), Limit(5, timedelta(hours=1))))
    times = [T0 + timedelta(minutes=2 * i) for i in range(5)]
    assert [limiter.hit("a", t) for t in times] == [None] * 5
    wait = limiter.hit("a", T0 + timedelta(minutes=11))
    assert wait == timedelta(minutes=49)  # until the first hit leaves the hour
    assert limiter.hit("a", T0 + timedelta(minutes=61)) is None


def test_refused_requests_do_not_count_and_memory_is_bounded() -> None:
    limiter = RateLimiter((Limit(1, timedelta(minutes=1)),), max_keys=10)
    assert limiter.hit("a", T0) is None
    for s in range(1, 50):
        assert limiter.hit("a", T0 + timedelta(seconds=s)) is not None
    assert limiter.hit("a", T0 + timedelta(seconds=60)) is None
    for n in range(100):
        limiter.hit(f"addr-{n}", T0)
    assert len(limiter._times) == 10
