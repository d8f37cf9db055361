"""The adaptive client-side rate limit, against a simulated server that allows N calls per sliding second."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import collections

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.throttle import AdaptiveThrottle

from tests.unit.fakes import FakeClock


class SlidingWindowServer:
    def __init__(self, clock, limit):
        self.clock = clock
        self.limit = limit
        self.accepted = collections.deque()

    def answer(self):
        now = self.clock()
        while self.accepted and self.accepted[0] <= now - 1.0:
            self.accepted.popleft()
        if len(self.accepted) >= self.limit:
            return 429
        self.accepted.append(now)
        return 200


def simulate(limit, calls, cost=0.002):
    """Sequential calls (each costing ``cost`` s) through the throttle; (throttled, accepted, seconds)."""
    clock = FakeClock(0.0)
    throttle = AdaptiveThrottle(clock, clock.sleep)
    server = SlidingWindowServer(clock, limit)
    accepted = 0
    while accepted < calls:
        throttle.acquire()
        clock.now += cost
        status = server.answer()
        throttle.record(status == 429)
        accepted += status == 200
    return throttle.throttled, accepted, clock.now, throttle


def test_no_limit_until_the_first_429():
    clock = FakeClock(0.0)
    throttle = AdaptiveThrottle(clock, clock.sleep)
    for dummy in range(100):
        throttle.acquire()
        throttle.record(False)
    assert throttle.rate is None and clock.slept == []


@pytest.mark.parametrize("limit", [5, 50, 200])
def test_converges_under_five_percent_throttled_within_one_and_a_half_ideal(limit):
    calls = limit * 60
    throttled, accepted, seconds, throttle = simulate(limit, calls)
    ideal = calls / float(limit)
    assert throttled / float(accepted + throttled) < 0.05
    assert seconds <= 1.5 * ideal
    assert throttle.rate <= limit * 1.2


def test_retry_after_pauses_every_call_but_not_past_the_deadline():
    clock = FakeClock(0.0)
    throttle = AdaptiveThrottle(clock, clock.sleep)
    throttle.record(True, retry_after=30.0)
    throttle.acquire(deadline=5.0)
    assert clock.now == pytest.approx(5.0)
    throttle.acquire()
    assert 30.0 <= clock.now <= 31.0


def test_one_burst_of_429s_cuts_the_rate_once():
    clock = FakeClock(0.0)
    throttle = AdaptiveThrottle(clock, clock.sleep)
    for dummy in range(40):
        throttle.record(False)
        clock.now += 0.02
    throttle.record(True)
    first = throttle.rate
    for dummy in range(9):
        throttle.record(True)
    assert throttle.rate == first and throttle.throttled == 10
    assert first == pytest.approx(0.9 * 40, abs=1.0)
