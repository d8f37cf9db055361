"""words.py: the one voice of the collection about a job (times, verdicts, report lines, api_call's messages)."""

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils import words
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES


@pytest.mark.parametrize("seconds, text", [(2.739, "2.7 s"), (0, "0.0 s"), (-1, "0.0 s"), (59.94, "59.9 s"), (125, "2 min 05 s"),
                                           (7260, "2 h 01 min")])
def test_a_time_is_shown_one_way(seconds, text):
    assert words.seconds_text(seconds) == text


def test_as_text_is_none_for_nothing():
    assert (words.as_text(None), words.as_text(""), words.as_text(0), words.as_text("x")) == (None, None, "0", "x")


def test_a_line_is_one_line_and_cut():
    assert words.cut("a\nb\tc") == "a b c"
    assert len(words.cut("x" * 1000)) == words.LINE_WIDTH and words.cut("x" * 1000).endswith("...")


def test_the_verdicts_of_a_wait():
    failed = normalise(SERVICES["cfw"], {"id": "c1", "status": "Failed"}, "c1")
    running = normalise(SERVICES["ecs"], {"job_id": "e1", "status": "RUNNING"}, "e1")
    assert words.wait_message([failed], [running], 3, words.timed_out_after(6.0)) == (
        "1 of 3 jobs failed: cfw job c1: failed with status 'Failed'; timed out after 6.0s with 1 of 3 jobs not done: "
        "ecs e1 (running, status 'RUNNING')")
    assert words.wait_message([failed], [running], 2, words.STOPPED_EARLY).endswith(
        "the wait stopped at the first failure (fail_fast) with 1 of 2 jobs not done: ecs e1 (running, status 'RUNNING')")
    assert words.success_message(3, 3, 0, 2.739) == "3 jobs done: 3 succeeded, 0 failed, in 2.7 s"
    assert words.success_message(1, 1, 0) == "1 job done: 1 succeeded, 0 failed"
    assert words.not_found_given_up(30.0) == "still not found after not_found_timeout (30.0 s)"


def test_the_report_lines():
    counts = {"total": 4, "outcomes": {"succeeded": 1, "failed": 1, "timed_out": 0, "stopped": 2, "unreadable": 0}}
    assert words.totals_line(counts, 5.83) == ("4 jobs: 1 succeeded, 1 failed, 0 timed out, 2 still running when the wait "
                                               "stopped early (fail_fast), 0 unreadable, in 5.8 s")
    assert words.verdict_line(dict(counts, total=1), []) == "the job succeeded"
    assert words.verdict_line(counts, ["p%d" % n for n in range(25)], limit=20).endswith(
        "p19 ... and 5 more. Every job is in the report's jobs; the filter hwcloud.jobs.job_report_html makes a page of them")


def test_api_calls_messages():
    assert words.answer_not_accepted("GET", "/v1/x", 404, None, "r1") == "GET /v1/x answered HTTP 404, which is not among the 2xx statuses (request id r1)"
    assert words.may_be_applied("HTTP 500", "r1").endswith("and quote request id r1 to support")
    entries = [{"server_id": "s%d" % n, "error_code": "E", "error_msg": "m"} for n in range(25)]
    line = words.not_started_line(entries)
    assert line.startswith("25 of the answer's entries started no job: server_id s0: E: m") and line.endswith("... and 5 more")


@pytest.mark.parametrize("service, raw, reason", [
    ("bss", {"order_id": "o-1", "status": 4}, "failed with status 4 (cancelled)"),  # CustomerOrderV3: 4 cancelled
    ("cfw", {"id": "c-1", "status": "Failed"}, "failed with status 'Failed'"),  # no note for it in the table
])
def test_a_failure_without_an_error_says_what_its_status_means_where_the_table_says(service, raw, reason):
    record = normalise(SERVICES[service], raw)
    assert record["state"] == "failed" and words.failure_reason(record) == reason
