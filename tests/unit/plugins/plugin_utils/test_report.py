"""The report model: a job's outcome, its row, and the counts per outcome, state and service, worked out once."""

from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.report import (
    OUTCOMES, is_done, label_of, outcome_of, problems_first, report_record, tally, unreadable_record, wait_counts,
)


def cfw(job_id, status, **extra):
    return normalise(SERVICES["cfw"], dict({"id": job_id, "status": status}, **extra), job_id)


def ecs(job_id, status):
    return normalise(SERVICES["ecs"], {"job_id": job_id, "status": status}, job_id)


def test_the_outcomes_and_their_names():
    assert OUTCOMES == ("succeeded", "failed", "timed_out", "stopped", "unreadable")
    assert [outcome_of(r) for r in (cfw("a", "Success"), cfw("b", "Failed"), cfw("c", "Running"))] == \
        ["succeeded", "failed", "timed_out"]
    assert outcome_of(cfw("c", "Running"), stopped_early=True) == "stopped"
    assert outcome_of(cfw("b", "Failed"), stopped_early=True) == "failed"
    assert is_done(cfw("a", "Success")) and not is_done(cfw("c", "Running"))


def test_a_job_left_by_fail_fast_is_stopped_and_never_at_the_deadline():
    row = report_record(ecs("e1", "RUNNING"), stopped_early=True)
    assert row["outcome"] == "stopped"
    assert row["error_msg"] == "still running when the wait stopped early (fail_fast): status 'RUNNING'"
    assert "deadline" not in row["error_msg"]
    missing = dict(cfw("gone", None), not_found=True, state="unknown")
    assert report_record(missing, stopped_early=True)["error_msg"] == "not found when the wait stopped early (fail_fast)"
    assert report_record(ecs("e1", "RUNNING"))["error_msg"] == "still running at the deadline (status 'RUNNING')"


def test_a_row_is_kept_as_it_is():
    row = report_record(cfw("b", "Failed"))
    assert report_record(row) is row and report_record(row, stopped_early=True) is row


def test_an_unreadable_job_is_called_unreadable():
    row = unreadable_record("cfw", "x", "APIGW.0301", "HTTP 401")
    assert (row["outcome"], row["state"], row["error_code"], row["error_msg"]) == ("unreadable", "unknown", "APIGW.0301", "HTTP 401")
    assert label_of(row) == "unreadable"
    assert unreadable_record("cfw", "x", None, "")["error_msg"] == "the wait failed"


def test_problems_come_failed_first():
    rows = [report_record(r) for r in (ecs("e1", "RUNNING"), cfw("a", "Success"), cfw("b", "Failed"))]
    rows.append(unreadable_record("cfw", "x", None, "HTTP 401"))
    assert [(r["job_id"], r["outcome"]) for r in problems_first(rows)] == [("b", "failed"), ("x", "unreadable"), ("e1", "timed_out")]


def test_tally_counts_per_outcome_state_and_service():
    records = [cfw("a", "Success"), cfw("b", "Failed"), ecs("e1", "PENDING_PAYMENT"), dict(cfw("n", None), not_found=True, state="unknown")]
    counts = tally(records)
    assert (counts["total"], counts["done"], counts["pending"]) == (4, 2, 2)
    assert counts["outcomes"] == {"succeeded": 1, "failed": 1, "timed_out": 2, "stopped": 0, "unreadable": 0}
    assert counts["states"] == {"succeeded": 1, "failed": 1, "running": 1, "unknown": 1}
    assert counts["notes"] == {"waiting for payment": 1, "not found yet": 1}
    assert list(counts["by_service"]) == ["cfw", "ecs"]
    assert (counts["by_service"]["cfw"]["succeeded"], counts["by_service"]["cfw"]["failed"], counts["by_service"]["cfw"]["pending"]) == (1, 1, 1)
    assert wait_counts(counts) == {"cfw": {"succeeded": 1, "failed": 1, "pending": 1}, "ecs": {"succeeded": 0, "failed": 0, "pending": 1}}
    stopped = tally(records, stopped_early=True)["outcomes"]
    assert (stopped["timed_out"], stopped["stopped"]) == (0, 2)
    with_unreadable = tally([unreadable_record("cfw", "x", None, "HTTP 401")])
    assert with_unreadable["states"] == {"unreadable": 1} and with_unreadable["outcomes"]["unreadable"] == 1
