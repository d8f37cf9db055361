# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A client-side rate limit that appears only once the API throttles, then adapts (AIMD).

Before the first HTTP 429 there is no limit. At the first one, the limit becomes
a little under the number of calls the server accepted in the last second: a
good estimate of its own limit. Further 429s cut it multiplicatively (at most
once per half second, so one burst cuts it once); every two seconds without one
raise it by 5%. Calls are spaced evenly across all threads of the client, and a
Retry-After pauses them all, never past the caller's deadline.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import threading

WINDOW = 1.0
FIRST_SHARE = 0.9
DECREASE = 0.7
INCREASE = 0.05
INCREASE_EVERY = 2.0
MIN_RATE = 0.5


class AdaptiveThrottle:
    def __init__(self, clock, sleep):
        self.clock = clock
        self.sleep = sleep
        self.rate = None
        self.throttled = 0
        self._accepted = collections.deque()
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._last_decrease = None
        self._last_increase = 0.0
        self._lock = threading.Lock()

    def acquire(self, deadline=None):
        """Wait for this call's slot; never past ``deadline``."""
        with self._lock:
            now = self.clock()
            start = max(now, self._paused_until)
            if self.rate:
                start = max(start, self._next_slot)
                self._next_slot = start + 1.0 / self.rate
        if deadline is not None:
            start = min(start, max(now, deadline))
        if start > now:
            self.sleep(start - now)

    def record(self, throttled, retry_after=None):
        """Adapt to one answer: ``throttled`` for an HTTP 429."""
        with self._lock:
            now = self.clock()
            while self._accepted and self._accepted[0] < now - WINDOW:
                self._accepted.popleft()
            if not throttled:
                self._accepted.append(now)
                if self.rate and now - self._last_increase >= INCREASE_EVERY:
                    self.rate *= 1 + INCREASE
                    self._last_increase = now
                return
            self.throttled += 1
            if retry_after:
                self._paused_until = max(self._paused_until, now + retry_after)
            if self._last_decrease is not None and now - self._last_decrease < WINDOW / 2:
                return
            estimate = len(self._accepted) * FIRST_SHARE
            if self.rate is None:
                self.rate = max(MIN_RATE, estimate or 1.0)
            else:
                self.rate = max(MIN_RATE, self.rate * DECREASE)
            self._last_decrease = self._last_increase = now
            self._next_slot = max(self._next_slot, now + 1.0 / self.rate)
