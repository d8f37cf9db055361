# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The budget of calls to one host with one set of credentials, shared by every call of a task.

The vendor's API gateway counts calls per user and per API in a window ("60 calls a minute per user" on the RDS API
reference's "API Calling" page) and a throttled call (HTTP 429, APIGW.0308) names the limit it hit in its message:
"The throttling threshold has been reached: policy user over ratelimit,limit:60,time:1 minute". So a budget knows a
limit from one of three places: the service table (the vendor's documented limit), the user (``rate_limit``), or the
first 429 whose message names one. Under a known limit calls are spaced evenly a little under it (SHARE), and never
more than the limit leave in any window (a sliding log of this client's own sends, refused ones included, since the
gateway counts those too): a throttled call is a cost to avoid, not only to survive.

Terraform's provider waits 1, 2, 4, 8, 16 ... minutes after a 429 (huaweicloud/terraform-provider-huaweicloud pull
request 1351, "honor 429 http code"): surviving the limit, not keeping under it. The entries whose status call has
a documented limit, each written as a (calls, seconds) ``limit`` of its entry with a comment quoting the page: RDS,
60 calls a minute per user (above); BSS, 10 calls a second per API, user or source IP (the BSS "Request Throttling"
page, api-oce/fci_00002: "10/1(s)"); BMS, 2,000 calls a minute of its job query (the BMS API Reference's "API
Overview", bms_api_0200); MRS, 1,000 calls a minute per tenant of its job query (the MRS API Reference's "Selecting
an API Type", mrs_02_0006). The other entries' API references name no number for their status call (none found).

A 429 that names no limit falls back to the adaptive rate (AIMD): a little under the calls the server accepted in
the last second, cut multiplicatively by further 429s (at most once per half second, so one burst cuts it once) and
raised by 5% every two seconds without one. A 429 under a known limit (someone else spends the same budget, or the
network bunched our calls at a window's edge) cuts the share of the limit we use the same way, and each window
without one (at least two seconds) gives back 5 points of it, up to SHARE: one stray 429 does not slow the rest of
a long wait for good. A Retry-After pauses every call of the budget, never past the caller's
deadline.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import re
import threading

from urllib.parse import urlsplit

WINDOW = 1.0
FIRST_SHARE = 0.9
DECREASE = 0.7
INCREASE = 0.05
INCREASE_EVERY = 2.0
MIN_RATE = 0.5
# Under a known limit, calls are spaced at this share of it: room for the network's jitter at the window's edge.
SHARE = 0.95
MIN_SHARE = 0.2
# The sends remembered before a limit is known: when a 429 names one, those in its window count against it.
SENT_LOG = 10000

UNIT_SECONDS = (("second", 1.0), ("sec", 1.0), ("s", 1.0), ("minute", 60.0), ("min", 60.0), ("m", 60.0),
                ("hour", 3600.0), ("h", 3600.0), ("day", 86400.0), ("d", 86400.0))
UNITS = dict(UNIT_SECONDS)
# The gateway's words: "limit:60,time:1 minute", "limit:200,time:5 minute", "limit:10,time:1 second", plural or not.
GATEWAY_LIMIT = re.compile(r"limit\s*[:=]\s*(\d+)\s*,\s*time\s*[:=]\s*(\d+(?:\.\d+)?)\s*([a-z]+)", re.IGNORECASE)
# The option's words: "60/minute", "60/min", "10/s", "200/5 minutes", "10 per second", "5/1 minute".
OPTION_LIMIT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/|per|a|an)\s*(\d+(?:\.\d+)?)?\s*([a-z]+)\s*$", re.IGNORECASE)


def unit_seconds(word):
    """Seconds in a unit named by a word of the gateway or the user ("minute", "minutes", "min", "s"), or None."""
    word = (word or "").lower()
    if word in UNITS:
        return UNITS[word]
    if word.endswith("s") and word[:-1] in UNITS:
        return UNITS[word[:-1]]
    return None


class Limit:
    """``calls`` in ``seconds``, and where it was learnt (``source``: the table's page, the option, the gateway)."""

    def __init__(self, calls, seconds, source=None):
        self.calls = calls
        self.seconds = float(seconds)
        self.source = source

    @property
    def rate(self):
        """Calls a second."""
        return self.calls / self.seconds

    def describe(self):
        """'60 calls a minute', '10 calls a second', '200 calls in 5 minutes'."""
        calls = "%g call%s" % (self.calls, "" if self.calls == 1 else "s")
        for name, seconds in (("day", 86400.0), ("hour", 3600.0), ("minute", 60.0), ("second", 1.0)):
            if self.seconds == seconds:
                return "%s a %s" % (calls, name)
            if self.seconds > seconds and self.seconds % seconds == 0:
                return "%s in %g %ss" % (calls, self.seconds / seconds, name)
        return "%s in %g seconds" % (calls, self.seconds)

    def __eq__(self, other):
        return isinstance(other, Limit) and (self.calls, self.seconds) == (other.calls, other.seconds)

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "Limit(%r, %r, %r)" % (self.calls, self.seconds, self.source)


def limit_from_message(text):
    """The Limit a throttled call's message names ("... ratelimit,limit:60,time:1 minute"), or None."""
    if not isinstance(text, str):
        return None
    found = GATEWAY_LIMIT.search(text)
    if not found:
        return None
    calls, count, unit = int(found.group(1)), float(found.group(2)), unit_seconds(found.group(3))
    if calls <= 0 or count <= 0 or unit is None:
        return None
    return Limit(calls, count * unit, "the gateway's 429")


def parse_limit(value, option="rate_limit"):
    """A Limit from the user's words ("60/minute", "10/s", "200/5 minutes"); ValueError naming ``option`` else."""
    found = OPTION_LIMIT.match(value) if isinstance(value, str) else None
    unit = unit_seconds(found.group(3)) if found else None
    count = float(found.group(2)) if found and found.group(2) else 1.0
    calls = float(found.group(1)) if found else 0
    if not found or unit is None or calls <= 0 or count <= 0:
        raise ValueError("%s must be a positive number of calls with a window, such as '60/minute', '10/second' or "
                         "'200/5 minutes'; got %r" % (option, value))
    return Limit(int(calls) if calls == int(calls) else calls, count * unit, "the option %s" % option)


def as_limit(value, source=None):
    """A Limit from a table entry's ``limit`` ((calls, seconds)) or a Limit; None stays None."""
    if value is None or isinstance(value, Limit):
        return value
    calls, seconds = value
    return Limit(calls, seconds, source)


class AdaptiveThrottle:
    """The budget of one host: a known Limit, or the adaptive rate until a 429 names one."""

    def __init__(self, clock, sleep, host=None):
        self.clock = clock
        self.sleep = sleep
        self.host = host
        self.rate = None
        self.limit = None
        self.share = SHARE
        self.throttled = 0
        self.held = 0.0        # seconds calls were held back by a known limit
        self.held_calls = 0
        self._sent = collections.deque(maxlen=SENT_LOG)
        self._accepted = collections.deque()
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._last_decrease = None
        self._last_increase = 0.0
        self._lock = threading.Lock()

    def know(self, limit, replace=False):
        """Take ``limit`` (a Limit or (calls, seconds)) unless one is known (``replace``: or it is looser)."""
        limit = as_limit(limit)
        if limit is None:
            return
        with self._lock:
            if self.limit is not None and not replace:
                return
            if self.limit is not None and limit.rate >= self.limit.rate and limit != self.limit:
                return
            self.limit = limit
            self._sent = collections.deque(self._sent, maxlen=max(1, int(limit.calls)))

    def calls_in(self, seconds):
        """How many calls the budget lets go in ``seconds`` (None: no known limit or rate)."""
        if self.limit is not None:
            return self.limit.rate * self.share * seconds
        if self.rate:
            return self.rate * seconds
        return None

    def describe(self):
        return self.limit.describe() if self.limit is not None else ("%.3g calls a second" % self.rate if self.rate else None)

    def acquire(self, deadline=None):
        """Wait for this call's slot; never past ``deadline``."""
        with self._lock:
            now = self.clock()
            start = max(now, self._paused_until)
            if self.limit is not None:
                start = max(start, self._next_slot)
                if self._sent.maxlen and len(self._sent) >= self._sent.maxlen:
                    start = max(start, self._sent[0] + self.limit.seconds)
                self._next_slot = start + 1.0 / (self.limit.rate * self.share)
                self._sent.append(start)
                if start > now:
                    self.held += start - now
                    self.held_calls += 1
            else:
                if self.rate:
                    start = max(start, self._next_slot)
                    self._next_slot = start + 1.0 / self.rate
                self._sent.append(start)
        if deadline is not None:
            start = min(start, max(now, deadline))
        if start > now:
            self.sleep(start - now)

    def _quiet_since(self, now):
        """Seconds since the share last moved (a cut or a step back up)."""
        return now - max(self._last_decrease or 0.0, self._last_increase)

    def record(self, throttled, retry_after=None, message=None):
        """Adapt to one answer: ``throttled`` for an HTTP 429; ``message`` its error message (the limit it names)."""
        named = limit_from_message(message) if throttled else None
        with self._lock:
            now = self.clock()
            while self._accepted and self._accepted[0] < now - WINDOW:
                self._accepted.popleft()
            if not throttled:
                self._accepted.append(now)
                if self.limit is None and self.rate and now - self._last_increase >= INCREASE_EVERY:
                    self.rate *= 1 + INCREASE
                    self._last_increase = now
                elif self.limit is not None and self.share < SHARE and self._quiet_since(now) >= max(INCREASE_EVERY, self.limit.seconds):
                    # A window without a 429 since the last cut: whoever else spent the budget may be gone; take back
                    # a step of the share (additive increase), never past SHARE.
                    self.share = min(SHARE, self.share + INCREASE)
                    self._last_increase = now
                return
            self.throttled += 1
            if retry_after:
                self._paused_until = max(self._paused_until, now + retry_after)
            once = self._last_decrease is None or now - self._last_decrease >= WINDOW / 2
            if named is not None and (self.limit is None or named.rate < self.limit.rate):
                # The gateway named its limit: take it, and count the calls already sent in its window.
                self.limit = named
                self._sent = collections.deque(self._sent, maxlen=max(1, int(named.calls)))
                self._last_decrease = now
                self._next_slot = max(self._next_slot, now + 1.0 / (named.rate * self.share))
                return
            if self.limit is not None:
                # Throttled under a known limit: others spend the same budget (other tasks of the user). Slow down.
                if once:
                    self.share = max(MIN_SHARE, self.share * DECREASE)
                    self._last_decrease = now
                    self._next_slot = max(self._next_slot, now + 1.0 / (self.limit.rate * self.share))
                return
            if not once:
                return
            estimate = len(self._accepted) * FIRST_SHARE
            if self.rate is None:
                self.rate = max(MIN_RATE, estimate or 1.0)
            else:
                self.rate = max(MIN_RATE, self.rate * DECREASE)
            self._last_decrease = self._last_increase = now
            self._next_slot = max(self._next_slot, now + 1.0 / self.rate)


class Budgets:
    """One AdaptiveThrottle per host, for one client (one set of credentials): every call of the task shares them.

    A call that names its service (the table's calls and api_call's ``service``) spends the budget of that service
    at the host: one host is one service in the cloud, and where one endpoint serves several (a gateway, the
    emulator) the gateway still counts per API. ``limit`` (a Limit, the user's option) applies to every host and
    wins over the table's.
    """

    def __init__(self, clock, sleep, limit=None):
        self.clock = clock
        self.sleep = sleep
        self.limit = limit
        self._hosts = {}
        self._lock = threading.Lock()

    def for_url(self, url, limit=None, service=None):
        """The budget of ``url``'s host (and ``service``); ``limit`` (the service's documented one) is taken when
        none is known yet."""
        host = (urlsplit(url).netloc or url, service)
        budget = self._hosts.get(host)
        if budget is None:
            with self._lock:
                budget = self._hosts.get(host)
                if budget is None:
                    budget = AdaptiveThrottle(self.clock, self.sleep, host[0])
                    budget.know(self.limit)
                    self._hosts[host] = budget
        if limit is not None and budget.limit is None:
            budget.know(limit)
        return budget

    @property
    def throttled(self):
        """HTTP 429s over every host."""
        return sum(b.throttled for b in list(self._hosts.values()))

    @property
    def rate(self):
        """The adaptive rate of the one host (tests of one host); None when none has one."""
        rates = [b.rate for b in self._hosts.values() if b.rate]
        return rates[0] if rates else None
