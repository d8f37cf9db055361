"""The emulator's gateway throttling: per user and API, in the gateway's words, on the emulated clock."""

import pytest

from tests.emulator import faults as flt
from tests.emulator import state as st
from tests.unit.emulator.test_emulator import sign_and_send, token_get

PROJECT = st.PROJECTS["cn-north-4"]


@pytest.mark.parametrize("seconds, words", [(1, "1 second"), (60, "1 minute"), (300, "5 minute"), (3600, "1 hour"), (0.5, "0.5 second")])
def test_window_words(seconds, words):
    assert flt.window_words(seconds) == words


def test_a_rate_limit_names_its_limit_and_window_and_counts_per_user_and_api_on_the_emulated_clock(emu):
    emu.control.freeze_clock(True)
    emu.control.add_fault(route=["rds_job", "cfw_job"], rate_limit=2, window_seconds=60)
    token = emu.control.issue_token()
    path = "/v3/%s/jobs?id=nope" % PROJECT
    answers = [token_get(emu, path, token=token) for _call in range(3)]
    assert [a.status_code for a in answers][:2] != [429, 429] and answers[2].status_code == 429
    body = answers[2].json()
    assert body["error_code"] == "APIGW.0308"
    assert body["error_msg"] == "The throttling threshold has been reached: policy user over ratelimit,limit:2,time:1 minute"
    # Another API of the same user, and the same API for another user (signed with the access key), have their own count.
    assert token_get(emu, "/v3/%s/jobs/nope" % PROJECT, token=token).status_code != 429
    assert sign_and_send(emu, "GET", "/v3/%s/jobs" % PROJECT, query={"id": "nope"}).status_code != 429
    # Refused calls count too; the window passes on the emulated clock alone.
    emu.control.advance_clock(59)
    assert token_get(emu, path, token=token).status_code == 429
    emu.control.advance_clock(61)
    assert token_get(emu, path, token=token).status_code != 429
