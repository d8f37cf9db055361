# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The options of a wait on jobs, as wait_for_job and api_call's wait=true take them (plugins/plugin_utils/wait.py
    # polling_argument_spec() and the deadline and fail_fast beside it). The event source job_status cannot extend a
    # fragment (ansible-rulebook loads it by path): tests/unit/plugins/modules/test_documentation.py keeps its copy in step.
    DOCUMENTATION = r"""
options:
  timeout:
    description:
      - Total seconds to wait for the jobs. The task fails no later than O(timeout) + O(http_timeout) + 1 second.
      - At the deadline the task fails, naming the jobs not done and what they wait for (such as a payment);
        their IDs are in RV(pending_ids) and RV(timed_out) is V(true).
    type: float
    default: 1800
  poll_interval:
    description:
      - Seconds between the first polls; grows by half each poll, with jitter, up to O(max_poll_interval).
    type: float
    default: 1
  max_poll_interval:
    description:
      - Longest wait between two polls of a job, in seconds.
    type: float
    default: 10
  not_found_timeout:
    description:
      - Seconds a job may be unknown to the service after the wait starts (it may not be visible yet right after it was
        submitted) before it counts as failed.
    type: float
    default: 30
  max_concurrency:
    description:
      - Status calls in flight at once, 1 to 100.
    type: int
    default: 10
  rate_limit:
    description:
      - The most calls to make to each service's host, as calls per window, for instance V(60/minute), V(10/second)
        or V(200/5 minutes). It wins over the limit the vendor documents for a service.
      - Without it, a service's documented limit paces its polls (RDS, 60 calls a minute per user), and an HTTP 429
        whose message names the gateway's limit (C(limit:60,time:1 minute)) teaches it; the polls take turns under
        it, the jobs polled longest ago first. One budget per host is shared by every call of the task (api_call's
        own call and the polls of its wait too).
      - A value that is not a positive number of calls with a window is refused, naming this option, before
        anything is sent.
    type: str
  fail_fast:
    description:
      - Stop waiting at the first failed job, of any service, instead of waiting for every job to end; the result
        reports every job's state at that moment (the jobs not done yet in RV(pending_ids)) and RV(stopped_early) is
        V(true). The task's message leads with the failed jobs.
      - With V(false) (the default) the wait goes on until every job ended or the deadline, so a gate reports every
        outcome.
    type: bool
    default: false
"""
