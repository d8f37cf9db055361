# -*- coding: utf-8 -*-
"""Fault injection and throttling, plugged into App.before_response.

A fault matches cloud requests by route name, path regex and method, and then
answers instead of the service: an error status with a body (JSON or raw text),
extra headers such as Retry-After, a delay, or a dropped connection. It fires
by count (after skipping some), by seeded probability, or as a rate limit.
"""

import random
import re
import threading
import time

FAULT_KEYS = frozenset((
    "route", "path", "method", "status", "error_code", "error_msg", "body", "headers",
    "delay_seconds", "drop", "after", "count", "probability", "seed", "rate_limit", "window_seconds",
))
THROTTLE = ("APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit,limit:200,time:5 minute")
THROTTLE_MESSAGE = "The throttling threshold has been reached: policy user over ratelimit,limit:%d,time:%s"


def window_words(seconds):
    """The gateway's words for a window: '1 second', '1 minute', '5 minute', '1 hour' (singular, as it writes them)."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            return "%d %s" % (seconds // size, unit)
    return "%g second" % seconds


def throttle_error(fault):
    """The (code, message) of a 429: a rate limit's own limit and window, in the gateway's words
    ("policy user over ratelimit,limit:60,time:1 minute"); THROTTLE for any other 429."""
    if fault.rate_limit is None:
        return THROTTLE
    return THROTTLE[0], THROTTLE_MESSAGE % (fault.rate_limit, window_words(fault.window))


def caller_of(request):
    """Who the gateway counts a call against: the access key of a signed call, else the token, else the address."""
    for name, value in request.headers:
        lowered = name.lower()
        if lowered == "authorization" and "Access=" in value:
            return "ak:" + value.split("Access=", 1)[1].split(",", 1)[0].strip()
        if lowered == "x-auth-token":
            return "token:" + value[-16:]
    return "anonymous"


class FaultError(ValueError):
    """A fault spec that cannot be used."""


class Fault:
    """One injected behaviour and its counters."""

    def __init__(self, fault_id, spec):
        unknown = set(spec) - FAULT_KEYS
        if unknown:
            raise FaultError("unknown fault keys %s (allowed: %s)" % (sorted(unknown), sorted(FAULT_KEYS)))
        self.id = fault_id
        self.spec = dict(spec)
        routes = spec.get("route")
        self.routes = None if routes is None else ([routes] if isinstance(routes, str) else list(routes))
        try:
            self.path = re.compile(spec["path"]) if spec.get("path") else None
        except (re.error, TypeError) as exc:
            raise FaultError("path must be a regular expression: %s" % exc) from exc
        self.method = spec.get("method")
        self.rate_limit = _count(spec, "rate_limit")
        self.window = _number(spec, "window_seconds", 1.0)
        self.status = spec.get("status", 429 if self.rate_limit is not None else (None if self._passive(spec) else 500))
        if self.status is not None and (isinstance(self.status, bool) or not isinstance(self.status, int) or not 100 <= self.status <= 599):
            raise FaultError("status must be an HTTP status code")
        self.delay = _number(spec, "delay_seconds", 0.0)
        self.after = _count(spec, "after") or 0
        self.probability = _number(spec, "probability", None)
        if self.probability is not None and not 0.0 <= self.probability <= 1.0:
            raise FaultError("probability must be between 0 and 1")
        default_count = None if (self.probability is not None or self.rate_limit is not None) else 1
        self.count = _count(spec, "count") if "count" in spec else default_count
        self.random = random.Random(spec.get("seed"))
        if spec.get("headers") is not None and not isinstance(spec["headers"], dict):
            raise FaultError("headers must be an object")
        self.matched = 0
        self.fired = 0
        self.recent = {}   # a rate limit's calls in its window, per user and API (the gateway's "policy user")

    @staticmethod
    def _passive(spec):
        """Only a delay: the request goes on to the service afterwards."""
        return spec.get("delay_seconds") and not any(spec.get(k) for k in ("body", "drop", "error_code", "error_msg"))

    def matches(self, request, route):
        if self.routes is not None and route not in self.routes:
            return False
        if self.method is not None and self.method.upper() != request.method:
            return False
        return self.path is None or bool(self.path.search(request.raw_path))

    def decide(self, now, key=None):
        """Count one matching request (``key``: its user and API); True when the fault fires for it.

        A rate limit counts every call of a user to an API in its sliding window, refused ones too, as the
        gateway does, on the emulator's clock.
        """
        self.matched += 1
        if self.count is not None and self.fired >= self.count:
            return False
        if self.rate_limit is not None:
            recent = [t for t in self.recent.get(key, ()) if now - t < self.window]
            recent.append(now)
            self.recent[key] = recent
            fire = len(recent) > self.rate_limit
        elif self.matched <= self.after:
            fire = False
        elif self.probability is not None:
            fire = self.random.random() < self.probability
        else:
            fire = True
        if fire:
            self.fired += 1
        return fire

    def summary(self):
        return dict(self.spec, id=self.id, matched=self.matched, fired=self.fired)


class Faults:
    """The installed faults; `hook` is the App.before_response entry."""

    def __init__(self, clock=time.time):
        self.clock = clock
        self.lock = threading.Lock()
        self.faults = []
        self.next_id = 1

    def add(self, specs):
        with self.lock:
            created = []
            for position, spec in enumerate(specs):
                if not isinstance(spec, dict):
                    raise FaultError("fault %d must be an object" % position)
                try:
                    created.append(Fault(self.next_id + position, spec))
                except FaultError as exc:
                    raise FaultError("fault %d: %s" % (position, exc)) from exc
            self.faults.extend(created)
            self.next_id += len(created)
            return [f.summary() for f in created]

    def list(self):
        with self.lock:
            return [f.summary() for f in self.faults]

    def clear(self):
        with self.lock:
            del self.faults[:]

    def reset(self):
        """No faults, and the next one numbered 1 again (as on a fresh emulator)."""
        with self.lock:
            del self.faults[:]
            self.next_id = 1

    def hook(self, app, request, route):
        """Answer for the first fault that fires, or None to let the request through."""
        with self.lock:
            now = self.clock()
            fault = None
            key = (caller_of(request), route)
            for candidate in self.faults:
                if candidate.matches(request, route) and candidate.decide(now, key):
                    fault = candidate
                    break
        if fault is None:
            return None
        request.fault = fault.id
        if fault.delay:
            time.sleep(fault.delay)
        if fault.status is None and not fault.spec.get("drop"):
            return None
        return app.fault_response(fault, request)


def _number(spec, key, default):
    value = spec.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FaultError("%s must be a number >= 0" % key)
    return value


def _count(spec, key):
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FaultError("%s must be an integer >= 0" % key)
    return value
