"""A wait paced by a budget, on a fake clock against a simulated gateway: the RDS case of issue 24, fairness, words.

The gateway counts every call of the user in a sliding minute, refused ones too, and refuses the 61st with the
429 the vendor's gateway sends. Times here are the fake clock's: no test bounds a real duration.
"""

import collections

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.throttle import AdaptiveThrottle
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Ref, Waiter

from tests.unit.fakes import FakeClock

RDS = SERVICES["rds"]
MESSAGE = "The throttling threshold has been reached: policy user over ratelimit,limit:%d,time:1 minute"


class Gateway:
    """Jobs that end at given times behind a sliding-window limit; every call and its answer logged."""

    def __init__(self, clock, budget, ends, limit=60, window=60.0, cost=0.02):
        self.clock, self.budget, self.ends = clock, budget, ends
        self.limit, self.window, self.cost = limit, window, cost
        self.sent = collections.deque()
        self.log = []

    def __call__(self, ref, deadline):
        self.budget.acquire(deadline)
        now = self.clock()
        self.clock.now += self.cost
        while self.sent and self.sent[0] <= now - self.window:
            self.sent.popleft()
        self.sent.append(now)
        if len(self.sent) > self.limit:
            self.log.append((now, ref.value, 429))
            self.budget.record(True, message=MESSAGE % self.limit)
            raise ApiError("GET", "/v3/p/jobs", 429, "APIGW.0308", MESSAGE % self.limit, "rid")
        self.budget.record(False)
        done = now >= self.ends[ref.value]
        self.log.append((now, ref.value, 200))
        return [normalise(RDS, {"id": ref.value, "status": "Completed" if done else "Running"}, ref.value)]


def rds_case(known=True, jobs=20, first_end=20.0, last_end=50.0, limit=60):
    clock = FakeClock(0.0)
    budget = AdaptiveThrottle(clock, clock.sleep)
    if known:
        budget.know(RDS.limit)
    ends = dict(("job%02d" % i, first_end + (last_end - first_end) * i / float(jobs - 1)) for i in range(jobs))
    gateway = Gateway(clock, budget, ends, limit=limit)
    lines = []
    waiter = Waiter(gateway, timeout=600, poll_interval=1, max_poll_interval=10, clock=clock, sleep=clock.sleep,
                    rng=lambda: 0.5, pace=lambda ref: budget, on_progress=lines.append, progress_interval=30)
    refs = [Ref(RDS, "job_id", job_id) for job_id in sorted(ends)]
    result = waiter.wait(refs)
    return result, gateway, budget, lines, last_end


def test_the_rds_case_few_throttled_calls_and_the_task_back_soon_after_the_last_job():
    result, gateway, budget, lines, last_end = rds_case()
    assert len(result["succeeded_ids"]) == 20 and not result["pending_ids"]
    throttled = [entry for entry in gateway.log if entry[2] == 429]
    assert len(throttled) <= 3 and budget.throttled == len(throttled)
    assert result["elapsed"] - last_end <= 25.0  # the fake clock's seconds: the limit's floor is 20 jobs at 1 call a second
    assert "paced: rds 60 calls a minute" in lines[0]
    assert any(line.endswith("paced: rds 60 calls a minute") for line in lines[1:])


def test_the_rds_case_learns_the_limit_from_the_first_429_without_the_table():
    result, gateway, budget, lines, last_end = rds_case(known=False)
    assert len(result["succeeded_ids"]) == 20
    # Unpaced until the gateway names its limit: the first minute's 60 calls go, a few are refused, then none.
    throttled = [entry for entry in gateway.log if entry[2] == 429]
    assert budget.limit is not None and budget.limit.calls == 60
    assert len(throttled) <= 12
    assert not [entry for entry in throttled if entry[0] > throttled[0][0] + 60]


def test_every_job_in_turn_none_starved():
    result, gateway, budget, lines, last_end = rds_case(jobs=40, first_end=100.0, last_end=100.0)
    polled = collections.Counter(job for at, job, status in gateway.log if at < 100.0 and status == 200)
    assert len(polled) == 40 and max(polled.values()) - min(polled.values()) <= 1


def test_an_unpaced_wait_is_as_before():
    clock = FakeClock(0.0)
    calls = []

    def fetch(ref, deadline):
        calls.append(ref.value)
        return [normalise(SERVICES["cfw"], {"id": ref.value, "status": "Success" if clock() > 5 else "Running"})]

    waiter = Waiter(fetch, poll_interval=1, max_poll_interval=10, clock=clock, sleep=clock.sleep, rng=lambda: 0.5,
                    pace=lambda ref: None)
    waiter.wait([Ref(SERVICES["cfw"], "job_id", "a"), Ref(SERVICES["cfw"], "job_id", "b")])
    assert clock.slept == pytest.approx([1.0, 1.5, 2.25, 3.375][:len(clock.slept)])
    assert not waiter.paced


@pytest.mark.parametrize("value", ["fast", "0/minute", "60", "-1/s", "60/fortnight"])
def test_wait_for_job_refuses_a_rate_limit_that_is_not_a_positive_number_with_a_window_naming_it(value):
    from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import run_wait

    def no_client(args, pool_size):
        raise AssertionError("nothing may be made or sent")
    args = dict(service="cfw", job_id=["a"], jobs=None, timeout=60.0, poll_interval=1.0, max_poll_interval=10.0, not_found_timeout=30.0,
                max_concurrency=10, delay=0.0, progress_interval=30.0, rate_limit=value)
    result = run_wait(args, client_factory=no_client)
    assert result["failed"] and "rate_limit" in result["msg"] and repr(value) in result["msg"]


def test_wait_for_job_takes_a_rate_limit_for_every_host():
    from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import rate_limit_of
    limit = rate_limit_of(dict(rate_limit="30/minute"))
    assert (limit.calls, limit.seconds) == (30, 60.0) and rate_limit_of({}) is None
