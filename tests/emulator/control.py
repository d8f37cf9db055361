# -*- coding: utf-8 -*-
"""A small client of the emulator's control API (stdlib only)."""

import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode


class ControlError(Exception):
    """The control API refused a call (bad spec, unknown job...)."""

    def __init__(self, status, body):
        super().__init__("emulator control API answered %s: %s" % (status, body))
        self.status = status
        self.body = body


class EmulatorControl:
    """Drive the emulator at `url`: create jobs, read the request log, tokens, config."""

    def __init__(self, url, timeout=10):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def call(self, method, path, body=None, query=None):
        """One control call; returns the decoded JSON answer."""
        url = "%s/_emulator/%s" % (self.url, path.lstrip("/"))
        if query:
            url += "?" + urlencode(query)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                raw = answer.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                detail = json.loads(raw.decode("utf-8"))
            except ValueError:
                detail = raw.decode("utf-8", "replace")
            raise ControlError(exc.code, detail) from None
        return json.loads(raw.decode("utf-8")) if raw else None

    # -- jobs ---------------------------------------------------------------

    def add_job(self, **spec):
        """Create one job; returns its summary (job_id, answer, state...)."""
        return self.call("POST", "jobs", spec)["jobs"][0]

    def add_jobs(self, specs):
        """Create many jobs at once (all or nothing); returns their summaries."""
        return self.call("POST", "jobs", {"jobs": list(specs)})["jobs"]

    def jobs(self, service=None):
        return self.call("GET", "jobs", query={"service": service} if service else None)["jobs"]

    def job(self, job_id):
        return self.call("GET", "jobs/" + quote(job_id, safe=""))

    def delete_job(self, job_id, service=None):
        return self.call("DELETE", "jobs/" + quote(job_id, safe=""), query={"service": service} if service else None)

    # -- request log ------------------------------------------------------

    def requests(self, route=None, path=None):
        """The request log, optionally only one route name or one path."""
        entries = self.call("GET", "requests")["requests"]
        return [e for e in entries if route in (None, e["route"]) and path in (None, e["path"])]

    def clear_requests(self):
        return self.call("DELETE", "requests")

    def x_request_ids(self):
        """Every KooPhone x-request-id seen, and those seen more than once."""
        return self.call("GET", "x-request-ids")

    # -- faults -------------------------------------------------------------

    def add_fault(self, **spec):
        """Inject a fault (see README: route/path/method, status, body, headers, delay_seconds, drop...)."""
        return self.call("POST", "faults", spec)["faults"][0]

    def add_faults(self, specs):
        return self.call("POST", "faults", {"faults": list(specs)})["faults"]

    def faults(self):
        """Installed faults with their matched/fired counters."""
        return self.call("GET", "faults")["faults"]

    def clear_faults(self):
        return self.call("DELETE", "faults")

    def fail_next_start(self, service, index=0, **error):
        """The next start call of ``service`` creates its sub-job (CPH, KooPhone: its job) at ``index`` failing with ``error``
        (error_code, fail_reason or error_msg); see starts.py."""
        return self.call("POST", "start-failures", dict(error, service=service, index=index))["start_failures"]

    # -- tokens, config, reset ---------------------------------------------

    def issue_token(self, expires_in=None, project=None, scope="project"):
        """A token the emulator accepts, scoped to a region or project id (default cn-north-4)."""
        body = {"scope": scope}
        if expires_in is not None:
            body["expires_in"] = expires_in
        if project is not None:
            body["project"] = project
        return self.call("POST", "tokens", body)["token"]

    def expire_tokens(self):
        return self.call("POST", "tokens/expire", {})["expired"]

    def config(self, **values):
        """Change config keys (batch_job_seconds, ...); returns the whole config."""
        if not values:
            return self.call("GET", "config")
        return self.call("POST", "config", values)

    def reset(self):
        return self.call("POST", "reset", {})

    def identity(self):
        return self.call("GET", "identity")

    def health(self):
        return self.call("GET", "health")

    def endpoints(self):
        """Each service's own listener URL: {"cph": "http://127.0.0.1:P", ..., "rds": ...}."""
        return self.call("GET", "endpoints")["endpoints"]

    # -- the emulated clock -------------------------------------------------

    def clock(self):
        """{"now", "epoch", "frozen", "offset"}: the emulator's notion of now."""
        return self.call("GET", "clock")

    def advance_clock(self, seconds):
        """Move the emulated now forward (job lives, hidden_for_seconds, token expiry; not the X-Sdk-Date check)."""
        return self.call("POST", "clock", {"advance": seconds})

    def freeze_clock(self, frozen=True):
        """Stop (True) or restart (False) the emulated clock."""
        return self.call("POST", "clock", {"freeze": bool(frozen)})

    # -- orders (orders.py) -----------------------------------------------------

    def add_order(self, **spec):
        """Create one BSS order (order_id, phases of raw statuses, resources, resources_after_polls, project_id)."""
        return self.call("POST", "orders", spec)["orders"][0]

    def orders(self):
        """Every order: order_id, status now, statuses_shown (one per detail call), resources, resource_polls."""
        return self.call("GET", "orders")["orders"]

    def plan_next_order(self, phases=None, resources_after_polls=0):
        """The next prepaid start's order lives through ``phases`` ([{status, for_seconds | for_polls}, ...])."""
        spec = {"resources_after_polls": resources_after_polls}
        if phases is not None:
            spec["phases"] = phases
        return self.call("POST", "order-plans", spec)["order_plans"]

    # -- resources (resources.py) -----------------------------------------------

    def add_resource(self, **spec):
        """Create one resource (kind, id, name, project_id, phases of raw statuses or {absent: true}, cluster_id, fields)."""
        return self.call("POST", "resources", spec)["resources"][0]

    def add_resources(self, specs):
        return self.call("POST", "resources", {"resources": list(specs)})["resources"]

    def resources(self, kind=None):
        """Every resource: kind, id, status now (None when gone), absent, statuses_shown (one per read), polls."""
        return self.call("GET", "resources", query={"kind": kind} if kind else None)["resources"]

    def resource_phases(self, resource_id, phases):
        """New phases for a resource from now on (a stop, an update, a deletion: [..., {"absent": true}])."""
        return self.call("POST", "resources/%s/phases" % quote(resource_id, safe=""), {"phases": list(phases)})


def header_value(entry, name):
    """A header of a logged request, looked up case-insensitively."""
    lowered = name.lower()
    for key, value in entry["headers"].items():
        if key.lower() == lowered:
            return value
    return None
