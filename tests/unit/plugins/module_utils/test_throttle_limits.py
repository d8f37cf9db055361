"""Known limits: the table's, the user's and the gateway's words in a 429; the budget spaces calls under them."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.throttle import (
    AdaptiveThrottle, Budgets, Limit, limit_from_message, parse_limit,
)

from tests.unit.fakes import FakeClock

GATEWAY = "The throttling threshold has been reached: policy user over ratelimit,limit:%s,time:%s"


@pytest.mark.parametrize("words, calls, seconds", [
    ("60,time:1 minute", 60, 60.0),
    ("200,time:5 minute", 200, 300.0),
    ("10,time:1 second", 10, 1.0),
    ("10,time:2 seconds", 10, 2.0),
    ("5,time:1 minutes", 5, 60.0),
    ("1000,time:1 hour", 1000, 3600.0),
    ("30,time:2 hours", 30, 7200.0),
])
def test_the_gateway_message_teaches_the_limit_and_window(words, calls, seconds):
    calls_text, time_text = words.split(",time:")
    limit = limit_from_message(GATEWAY % (calls_text, time_text))
    assert (limit.calls, limit.seconds) == (calls, seconds)


@pytest.mark.parametrize("text", [None, "", "throttled", "The throttling threshold has been reached", GATEWAY % ("0", "1 minute"),
                                  GATEWAY % ("60", "1 fortnight")])
def test_a_message_that_names_no_limit_teaches_nothing(text):
    assert limit_from_message(text) is None


@pytest.mark.parametrize("text, calls, seconds", [
    ("60/minute", 60, 60.0), ("60/min", 60, 60.0), ("10/s", 10, 1.0), ("10/second", 10, 1.0), ("200/5 minutes", 200, 300.0),
    ("5 per minute", 5, 60.0), ("1000/hour", 1000, 3600.0), ("0.5/second", 0.5, 1.0), (" 60 / 1 minute ", 60, 60.0),
])
def test_the_option_takes_calls_per_window(text, calls, seconds):
    limit = parse_limit(text)
    assert (limit.calls, limit.seconds) == (calls, seconds)


@pytest.mark.parametrize("text", ["", "60", "minute", "0/minute", "-5/minute", "60/fortnight", "60/0 minutes", "sixty/minute", 60, None])
def test_a_limit_option_that_is_not_a_positive_number_with_a_window_is_refused_naming_it(text):
    with pytest.raises(ValueError) as err:
        parse_limit(text, "rate_limit")
    assert "rate_limit" in str(err.value)


@pytest.mark.parametrize("calls, seconds, words", [(60, 60, "60 calls a minute"), (10, 1, "10 calls a second"),
                                                   (200, 300, "200 calls in 5 minutes"), (1, 3600, "1 call a hour")])
def test_a_limit_in_words(calls, seconds, words):
    assert Limit(calls, seconds).describe() == words


# The limits the vendor's API references publish for the status call an entry makes (issue 24; services.py names each
# page): RDS 60 a minute per user, BSS 10 a second per API and user, BMS 2,000 a minute of its job query, MRS 1,000
# a minute per tenant of its job query.
PUBLISHED = {"rds": (60, 60.0), "bss": (10, 1.0), "bms": (2000, 60.0), "mrs": (1000, 60.0)}


def most_in_any_window(sent, seconds):
    """The most sends in any window of ``seconds`` that starts at a send (``sent`` in order)."""
    first, most = 0, 0
    for last, when in enumerate(sent):
        while sent[first] <= when - seconds:
            first += 1
        most = max(most, last - first + 1)
    return most


@pytest.mark.parametrize("name, limit", sorted(PUBLISHED.items()))
def test_an_entry_with_a_published_limit_is_paced_under_it(name, limit):
    clock = FakeClock(0.0)
    budget = Budgets(clock, clock.sleep).for_url("https://%s.cn-north-4.myhuaweicloud.com/status" % name, SERVICES[name].limit, name)
    calls, seconds = limit
    assert budget.limit == Limit(calls, seconds)
    sent = []
    for dummy in range(calls + 20):
        budget.acquire()
        sent.append(clock.now)
    assert most_in_any_window(sent, seconds) <= calls
    assert sent[-1] >= seconds  # more than the limit's calls took longer than its window: held back, not sent at once


def test_rds_documents_sixty_calls_a_minute_and_other_entries_nothing_unless_published():
    assert SERVICES["rds"].limit == (60, 60.0)
    assert dict((name, service.limit) for name, service in SERVICES.items() if service.limit is not None) == PUBLISHED
    assert [name for name, service in SERVICES.items() if service.limit is None] == [name for name in SERVICES if name not in PUBLISHED]
    assert SERVICES["cfw"].limit is None and SERVICES["ecs"].limit is None


def test_under_a_known_limit_calls_are_spaced_a_little_under_it_and_never_over_it_in_any_window():
    clock = FakeClock(0.0)
    budget = AdaptiveThrottle(clock, clock.sleep)
    budget.know((60, 60.0))
    sent = []
    for dummy in range(200):
        budget.acquire()
        sent.append(clock.now)
    assert all(b - a >= 1.0 for a, b in zip(sent, sent[1:]))
    assert max(sum(1 for t in sent if s <= t < s + 60) for s in sent) <= 60
    assert budget.held_calls == 199 and budget.throttled == 0


def test_a_429_naming_its_limit_is_taken_and_the_calls_already_sent_count_in_its_window():
    clock = FakeClock(0.0)
    budget = AdaptiveThrottle(clock, clock.sleep)
    for dummy in range(12):  # a burst before any limit is known: 10 accepted, then refused
        budget.acquire()
        budget.record(False)
    budget.record(True, message=GATEWAY % ("10", "1 second"))
    assert budget.limit == Limit(10, 1.0) and budget.rate is None
    budget.acquire()
    assert clock.now >= 1.0  # waits until the burst left the window, not another 429


def test_throttled_under_a_known_limit_slows_down_once_per_burst():
    clock = FakeClock(0.0)
    budget = AdaptiveThrottle(clock, clock.sleep)
    budget.know((60, 60.0))
    share = budget.share
    for dummy in range(5):
        budget.record(True, message=GATEWAY % ("60", "1 minute"))
    assert budget.share == pytest.approx(share * 0.7) and budget.throttled == 5


def test_a_stray_429_under_a_known_limit_does_not_slow_the_rest_of_the_wait_for_good():
    """One 429 at a window's edge cut the share to 0.7 of itself and kept it there: 100 calls a second became 66 for
    the rest of a 10,000-job wait. Each quiet window now gives back a step, up to the first share, never past it."""
    clock = FakeClock(0.0)
    budget = AdaptiveThrottle(clock, clock.sleep)
    budget.know((100, 1.0))
    first = budget.share
    clock.now = 5.0
    budget.record(True, message=GATEWAY % ("100", "1 second"))
    assert budget.share == pytest.approx(first * 0.7)
    sent = []
    while clock.now < 30.0:
        budget.acquire()
        budget.record(False)
        sent.append(clock.now)
        assert budget.share <= first
    assert budget.share == pytest.approx(first)
    last_second = [t for t in sent if t >= clock.now - 1.0]
    assert 90 <= len(last_second) <= 100
    assert max(sum(1 for t in sent if s <= t < s + 1.0) for s in sent) <= 100


def test_the_share_comes_back_no_faster_than_a_window_of_the_limit():
    clock = FakeClock(0.0)
    budget = AdaptiveThrottle(clock, clock.sleep)
    budget.know((60, 60.0))
    budget.record(True, message=GATEWAY % ("60", "1 minute"))
    cut = budget.share
    for dummy in range(30):  # half a minute of accepted calls: not yet a quiet window
        budget.acquire()
        budget.record(False)
    assert clock.now < 60.0 and budget.share == cut
    while clock.now < 61.0:
        budget.acquire()
        budget.record(False)
    assert budget.share == pytest.approx(cut + 0.05)


def test_one_budget_per_host_and_service_shared_by_every_call_and_the_users_limit_wins():
    clock = FakeClock(0.0)
    budgets = Budgets(clock, clock.sleep)
    one = budgets.for_url("https://rds.cn-north-4.myhuaweicloud.com/v3/p/jobs?id=1", (60, 60.0), "rds")
    assert budgets.for_url("https://rds.cn-north-4.myhuaweicloud.com", None, "rds") is one and one.limit == Limit(60, 60.0)
    assert budgets.for_url("https://cfw.cn-north-4.myhuaweicloud.com", None, "cfw").limit is None
    mine = Budgets(clock, clock.sleep, parse_limit("10/minute"))
    assert mine.for_url("https://rds.cn-north-4.myhuaweicloud.com", (60, 60.0), "rds").limit == Limit(10, 60.0)
