"""api_call's body: bad input refused before anything is sent (naming the option), check mode, secrets masked,
the answer's started jobs, and the wait on them with wait_for_job's waiter (on a scripted session, a fake clock)."""

import json

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.redaction import mask
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.api_call import argument_spec, run_api_call

from tests.emulator import keys
from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

PROJECT = keys.PROJECT_ID


def args_with(**given):
    values = dict((name, spec.get("default")) for name, spec in argument_spec().items())
    values.update(params())
    values.update(given)
    for name, spec in argument_spec().items():  # an alias given sets its option, as the argument spec validator does
        values.update((name, given[alias]) for alias in spec.get("aliases", ()) if alias in given)
    return values


def run(session, check_mode=False, warnings=None, **given):
    clock = FakeClock()

    def factory(args, **kwargs):
        return Client(Settings(args), session=session, clock=clock, sleep=clock.sleep)
    return run_api_call(args_with(**given), check_mode=check_mode, client_factory=factory,
                        on_warning=(warnings.append if warnings is not None else None))


@pytest.mark.parametrize("given,needle", [
    (dict(), "give exactly one of service"),
    (dict(service="ecs", path="/v1/x", url="https://ecs.cn-north-4.myhuaweicloud.com/v1"), "both were given"),
    (dict(service="nope", path="/v1/x"), "service must be one of"),
    (dict(service="ecs"), "path is required with service"),
    (dict(url="http://example.com/v1"), "url 'http://example.com/v1' is plain http"),
    (dict(url="https://user:pw@example.com/v1"), "url must not carry credentials"),
    (dict(url="https://example.com/v1#frag"), "url must not hold a fragment"),
    (dict(url="example.com/v1"), "url must be an absolute https:// URL"),
    (dict(url="https://example.com/v1/{server_id}"), "url may hold only the placeholder {project_id}"),
    (dict(service="ecs", path="v1/x"), "path must start with '/'"),
    (dict(service="ecs", path="/v1/../x"), "path must not hold '..'"),
    (dict(service="ecs", path="/v1/x#y"), "path must not hold"),
    (dict(service="ecs", path="/v1/x?a=b"), "path must not hold"),
    (dict(service="ecs", path="/v1/{project_id}/servers/{server_id}"), "path may hold only the placeholder {project_id}; it holds {server_id}"),
    (dict(service="ecs", path="/v1/{project_id"), "an unpaired brace"),
    (dict(service="ecs", path="/v1/x", method="HEAD"), "method must be one of GET, POST, PUT, PATCH, DELETE"),
    (dict(service="ecs", path="/v1/x", method="POST", body={"when": object()}), "body cannot be sent as JSON"),
    (dict(service="ecs", path="/v1/x", method="POST", body={"n": float("nan")}), "body cannot be sent as JSON"),
    (dict(service="ecs", path="/v1/x", method="POST", body="text"), "body must be a mapping or a list"),
    (dict(service="ecs", path="/v1/x", status_code=[200, 99]), "status_code values must be HTTP statuses from 100 to 599, got 99"),
    (dict(service="ecs", path="/v1/x", status_code=[600]), "got 600"),
    (dict(service="ecs", path="/v1/x", query={"a": {"b": 1}}), "query.a must be"),
    (dict(service="ecs", path="/v1/x", headers={"Authorization": "x"}), "headers.Authorization is set by the auth options"),
    (dict(service="ecs", path="/v1/x", headers={"X-A": "a\r\nX-B: b"}), "headers.X-A must be one line"),
    (dict(url="https://example.com/v1", wait=True), "wait needs service"),
    (dict(service="ecs", path="/v1/x", wait=True, wait_timeout=0), "wait_timeout must be more than 0"),
    (dict(service="ecs", path="/v1/x", wait=True, timeout=-1), "timeout must be more than 0, got -1"),
])
def test_bad_input_is_refused_before_anything_is_sent(given, needle):
    session = FakeSession(FakeResponse(200, {}))
    result = run(session, **given)
    assert result["failed"] and needle in result["msg"], result["msg"]
    assert session.sent == []


def test_a_token_is_not_sent_to_a_host_outside_the_cloud_unless_allowed():
    session = FakeSession(FakeResponse(200, {"ok": 1}))
    given = dict(access_key=None, secret_key=None, auth_token="tok-abcdef-123", url="https://api.example.org/v1/things")
    result = run(session, **given)
    assert result["failed"] and "api.example.org" in result["msg"] and "send_token_to_any_host" in result["msg"]
    assert "tok-abcdef-123" not in result["msg"] and session.sent == []
    assert run(session, send_token_to_any_host=True, **given)["json"] == {"ok": 1}
    assert session.sent[0]["headers"]["X-Auth-Token"] == "tok-abcdef-123"


def test_a_token_goes_to_the_clouds_hosts_and_aksk_signs_for_any_host():
    session = FakeSession(FakeResponse(200, {"ok": 1}))
    run(session, access_key=None, secret_key=None, auth_token="tok-abcdef-123", url="https://vpc.cn-north-4.myhuaweicloud.com/v1/vpcs")
    run(session, url="https://api.example.org/v1/things")
    assert session.sent[0]["headers"]["X-Auth-Token"] == "tok-abcdef-123"
    assert session.sent[1]["headers"]["Authorization"].startswith("SDK-HMAC-SHA256")


def test_a_post_creates_servers_and_reads_the_started_job():
    session = FakeSession(FakeResponse(200, {"job_id": "j-1", "serverIds": ["s1", "s2"]}, headers={"X-Request-Id": "rid-1"}))
    result = run(session, service="ecs", method="POST", path="/v1/{project_id}/cloudservers",
                 query={"tag": ["a", "b"], "dry": False}, body={"server": {"name": "web", "count": 2}})
    sent = session.sent[0]
    assert sent["method"] == "POST"
    assert sent["url"] == "https://ecs.cn-north-4.myhuaweicloud.com/v1/%s/cloudservers?dry=false&tag=a&tag=b" % PROJECT
    assert json.loads(sent["data"]) == {"server": {"name": "web", "count": 2}}
    assert result["status"] == 200 and result["request_id"] == "rid-1" and result["changed"] is True
    assert result["started"] == [{"service": "ecs", "job_id": "j-1"}] and result["orders"] == []
    assert "failed" not in result


def test_get_is_not_a_change_and_a_body_that_is_not_json_comes_back_as_content():
    session = FakeSession(FakeResponse(200, raw="plain words", headers={"Content-Type": "text/plain"}))
    result = run(session, service="ecs", path="/v1/{project_id}/cloudservers/detail")
    assert result["changed"] is False and result["content"] == "plain words" and "json" not in result


def test_a_status_outside_status_code_fails_and_a_listed_one_passes():
    session = FakeSession(FakeResponse(404, {"error": {"code": "Ecs.0114", "message": "not found"}}))
    assert run(session, service="ecs", path="/v1/{project_id}/cloudservers/x", status_code=[200, 404])["status"] == 404
    failed = run(FakeSession(FakeResponse(202, {})), service="ecs", path="/v1/x", status_code=[200])
    assert failed["failed"] and "HTTP 202, which is not among [200]" in failed["msg"]


def test_a_post_answered_500_is_sent_once_and_says_it_may_have_been_applied():
    session = FakeSession(FakeResponse(500, {"error_code": "Ecs.0001", "error_msg": "boom"}, headers={"X-Request-Id": "rid-500"}))
    result = run(session, service="ecs", method="POST", path="/v1/{project_id}/cloudservers", body={"server": {}})
    assert len(session.sent) == 1
    assert result["failed"] and result["may_be_applied"] is True and result["request_id"] == "rid-500"
    assert "may have been applied" in result["msg"] and "rid-500" in result["msg"] and "check with a GET" in result["msg"]


def test_check_mode_sends_nothing_but_a_get_and_shows_the_masked_request():
    session = FakeSession(FakeResponse(200, {"servers": []}))
    result = run(session, check_mode=True, service="ecs", method="POST", path="/v1/{project_id}/cloudservers",
                 body={"server": {"name": "web", "adminPass": "Sup3r-Secret!", "metadata": {"admin_password": "x9-secret"}}})
    assert session.sent == []
    assert result["changed"] is True and result["request"]["method"] == "POST"
    assert result["request"]["url"].endswith("/v1/%s/cloudservers" % PROJECT)
    assert result["request"]["body"] == {"server": {"name": "web", "adminPass": "********", "metadata": {"admin_password": "********"}}}
    assert "Sup3r-Secret!" not in json.dumps(result)
    assert run(session, check_mode=True, service="ecs", path="/v1/{project_id}/cloudservers/detail")["json"] == {"servers": []}
    assert len(session.sent) == 1


def test_secrets_in_the_answer_and_in_an_echoed_error_are_masked():
    answer = {"keypair": {"name": "k", "private_key": "-----BEGIN RSA PRIVATE KEY-----abc", "nested": [{"token": "tk-99999"}]}}
    result = run(FakeSession(FakeResponse(200, answer)), service="ecs", method="POST", path="/v1/x", body={"k": 1})
    assert result["json"]["keypair"] == {"name": "k", "private_key": "********", "nested": [{"token": "********"}]}
    echo = FakeResponse(400, {"error_code": "Ecs.0005", "error_msg": "bad adminPass Sup3r-Secret! for web"})
    failed = run(FakeSession(echo), service="ecs", method="POST", path="/v1/x", body={"server": {"adminPass": "Sup3r-Secret!"}})
    assert failed["failed"] and "Sup3r-Secret!" not in json.dumps(failed) and "********" in failed["msg"]


def test_mask_leaves_other_values_and_empty_secrets_alone():
    assert mask({"Password": "", "name": "a", "list": [{"SecretKey": 1}], "passthrough": "x"}) == \
        {"Password": "", "name": "a", "list": [{"SecretKey": "********"}], "passthrough": "x"}


def ecs_job(job_id, status, subs=()):
    return {"job_id": job_id, "status": status, "job_type": "createServer", "begin_time": "2024-01-01T00:00:00.000Z",
            "end_time": None if status == "RUNNING" else "2024-01-01T00:01:00.000Z", "error_code": None, "fail_reason": None,
            "entities": {"sub_jobs_total": len(subs), "sub_jobs": list(subs)}}


def sub(server_id, status, code=None, reason=None):
    return {"job_id": "sub-" + server_id, "status": status, "entities": {"server_id": server_id}, "error_code": code,
            "fail_reason": reason, "begin_time": None, "end_time": None}


def test_wait_polls_the_started_job_in_the_same_session_until_it_succeeds():
    session = FakeSession(FakeResponse(200, {"job_id": "j-1", "serverIds": ["s1"]}),
                          FakeResponse(200, ecs_job("j-1", "RUNNING", [sub("s1", "RUNNING")])),
                          FakeResponse(200, ecs_job("j-1", "SUCCESS", [sub("s1", "SUCCESS")])))
    result = run(session, service="ecs", method="POST", path="/v1/{project_id}/cloudservers", body={"server": {}}, wait=True)
    assert "failed" not in result, result.get("msg")
    assert [s["method"] for s in session.sent] == ["POST", "GET", "GET"]
    assert session.sent[1]["url"].endswith("/v1/%s/jobs/j-1" % PROJECT)
    assert result["succeeded_ids"] == ["j-1"] and result["polls"] == 2 and result["started"] == [{"service": "ecs", "job_id": "j-1"}]
    assert result["by_service"] == {"ecs": {"succeeded": 1, "failed": 0, "pending": 0}}


def test_wait_fails_naming_the_failed_server_and_its_error_code():
    session = FakeSession(FakeResponse(200, {"job_id": "j-1"}),
                          FakeResponse(200, dict(ecs_job("j-1", "FAIL", [sub("s1", "SUCCESS"), sub("s2", "FAIL", "Ecs.0039", "quota")]),
                                                 error_code="Ecs.0039", fail_reason="quota")))
    result = run(session, service="ecs", method="POST", path="/v1/x", body={}, wait=True)
    assert result["failed"] and "server s2" in result["msg"] and "Ecs.0039" in result["msg"]
    assert result["failed_ids"] == ["j-1"]


def test_wait_on_an_answer_without_a_job_names_where_the_table_looked():
    result = run(FakeSession(FakeResponse(200, {"instance": {"id": "x"}})), service="rds", method="POST", path="/v3/x", body={}, wait=True)
    assert result["failed"] and "job_id, jobId, jobid, jobID, records[].job_id" in result["msg"]


ORDER = "CS1711150911QLLQK"


def order_detail(status):
    """huaweicloudsdkbss ShowCustomerOrderDetailsResponse with its CustomerOrderV3."""
    return {"total_count": 0, "order_line_items": [], "order_info": {
        "order_id": ORDER, "customer_id": keys.DOMAIN_ID, "status": status, "create_time": "2026-12-07T05:00:00Z"}}


def test_wait_on_a_prepaid_answer_waits_on_its_order_and_names_what_it_made():
    """An order placed is waited on (it used to fail 'an order to pay, not a job', inviting a second order)."""
    made = {"total_count": 1, "data": [{"resource_id": "srv-2", "is_main_resource": 0}, {"resource_id": "srv-1", "is_main_resource": 1}]}
    session = FakeSession(FakeResponse(200, {"order_id": ORDER, "serverIds": ["srv-1"]}), FakeResponse(200, order_detail(6)),
                          FakeResponse(200, order_detail(5)), FakeResponse(200, made))
    result = run(session, service="ecs", method="POST", path="/v1/x", body={}, wait=True, domain_id=keys.DOMAIN_ID)
    assert not result.get("failed"), result["msg"]
    assert result["orders"] == [ORDER] and result["started"] == [{"service": "bss", "order_id": ORDER}]
    assert result["succeeded_ids"] == [ORDER] and result["jobs"][0]["resources"] == ["srv-1", "srv-2"]
    assert session.sent[1]["url"].endswith("/v2/orders/customer-orders/details/%s" % ORDER)
    assert session.sent[1]["headers"]["X-Domain-Id"] == keys.DOMAIN_ID and "X-Project-Id" not in session.sent[1]["headers"]
    assert session.sent[3]["method"] == "POST" and json.loads(session.sent[3]["data"]) == {"order_id": ORDER, "only_main_resource": 1}


def test_a_cancelled_order_fails_saying_it_was_placed_and_how_to_wait_on_it():
    session = FakeSession(FakeResponse(200, {"order_id": ORDER}), FakeResponse(200, order_detail(4)))
    result = run(session, service="ecs", method="POST", path="/v1/x", body={}, wait=True, domain_id=keys.DOMAIN_ID)
    assert result["failed"] and result["failed_ids"] == [ORDER] and result["orders"] == [ORDER]
    assert "sending it again places another" in result["msg"] and "{service: bss, order_id: %s}" % ORDER in result["msg"]


def test_a_refused_call_changes_nothing():
    result = run(FakeSession(FakeResponse(409, {"error_code": "Ecs.0001", "error_msg": "exists"})), service="ecs", method="POST",
                 path="/v1/x", body={}, status_code=[200, 409])
    assert not result.get("failed") and result["changed"] is False


def test_phones_that_started_nothing_warn_and_fail_a_wait_after_the_others_are_done():
    answer = {"request_id": "r1", "jobs": [{"phone_id": "p1", "job_id": "j1"},
                                           {"phone_id": "p2", "error_code": "CPS.0005", "error_msg": "Phone not found."}]}
    done = {"request_id": "x", "job_id": "j1", "status": 2, "begin_time": None, "end_time": None, "error_code": None,
            "error_msg": None, "execute_msg": None, "phone_id": "p1"}
    warnings = []
    quiet = run(FakeSession(FakeResponse(200, answer)), warnings=warnings, service="cph", method="POST", path="/v1/x", body={})
    assert "failed" not in quiet and quiet["not_started"][0]["phone_id"] == "p2"
    assert warnings and "phone_id p2: CPS.0005: Phone not found." in warnings[0]
    waited = run(FakeSession(FakeResponse(200, answer), FakeResponse(200, done)), service="cph", method="POST", path="/v1/x",
                 body={}, wait=True)
    assert waited["succeeded_ids"] == ["j1"] and waited["failed"] and "p2" in waited["msg"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/v1/things", "http://localhost:8080/v1/things", "http://[::1]:8080/v1/things"])
def test_plain_http_to_loopback_is_allowed_for_url_as_for_endpoints(url):
    """allow_insecure_http says loopback is always allowed: so it is for url (an emulator, a local proxy)."""
    session = FakeSession(FakeResponse(200, {"ok": True}))
    result = run(session, url=url)
    assert not result.get("failed"), result.get("msg")
    assert session.sent[0]["url"] == url and result["json"] == {"ok": True}


def test_api_calls_wait_is_wait_for_jobs_one_wait_and_closes_the_session_once(monkeypatch):
    """api_call's wait is wait.wait_on (no copy of the waiter or of its result); the session is closed once, at the end."""
    from ansible_collections.hwcloud.jobs.plugins.plugin_utils import api_call, wait  # pylint: disable=import-outside-toplevel
    assert not hasattr(api_call, "new_waiter") and not hasattr(api_call, "verdict")
    calls = []
    real = wait.wait_on

    def spy(args, client, refs, on_progress=None, on_warning=None):
        calls.append((args["timeout"], args["fail_on_failure"], [(r.service.name, r.value) for r in refs]))
        return real(args, client, refs, on_progress, on_warning)
    monkeypatch.setattr(api_call, "wait_on", spy)
    closed = []
    session = FakeSession(FakeResponse(200, {"job_id": "j-1"}), FakeResponse(200, ecs_job("j-1", "SUCCESS", [sub("s1", "SUCCESS")])))
    session.close = lambda: closed.append(True)
    result = run(session, service="ecs", method="POST", path="/v1/x", body={}, wait=True, wait_timeout=77.0)
    assert calls == [(77.0, True, [("ecs", "j-1")])]
    assert result["msg"].startswith("1 job done: 1 succeeded, 0 failed, in ") and result["msg"].endswith(" s")
    assert closed == [True]


def test_a_rate_limit_paces_the_call_and_the_polls_of_its_wait_in_one_budget():
    """rate_limit is a waiting option of api_call too: its own call and its wait's polls share one budget per host,
    spaced a little under the limit (here 6 a minute: at least 10 s apart on the fake clock)."""
    from ansible_collections.hwcloud.jobs.plugins.module_utils.common import new_client

    clock = FakeClock()
    session = FakeSession(FakeResponse(200, {"job_id": "j-1", "serverIds": ["s1"]}),
                          FakeResponse(200, ecs_job("j-1", "RUNNING", [sub("s1", "RUNNING")])),
                          FakeResponse(200, ecs_job("j-1", "RUNNING", [sub("s1", "RUNNING")])),
                          FakeResponse(200, ecs_job("j-1", "SUCCESS", [sub("s1", "SUCCESS")])))
    times = []

    def factory(args, **kwargs):
        client = new_client(args, session=session, clock=clock, sleep=clock.sleep, **kwargs)
        original = session.request

        def timed(*a, **k):
            times.append(clock.now)
            return original(*a, **k)
        session.request = timed
        return client
    result = run_api_call(args_with(service="ecs", method="POST", path="/v1/{project_id}/cloudservers", body={"server": {}}, wait=True,
                                    poll_interval=1.0, max_poll_interval=1.0, rate_limit="6/minute"), client_factory=factory)
    assert "failed" not in result, result.get("msg")
    assert [s["method"] for s in session.sent] == ["POST", "GET", "GET", "GET"]
    assert all(b - a >= 10.0 for a, b in zip(times, times[1:])), times


@pytest.mark.parametrize("value", ["fast", "0/minute", "-1/s"])
def test_api_call_refuses_a_rate_limit_that_is_not_a_positive_number_with_a_window_before_sending(value):
    session = FakeSession(FakeResponse(200, {"job_id": "j-1"}))
    from ansible_collections.hwcloud.jobs.plugins.module_utils.common import new_client
    result = run_api_call(args_with(service="ecs", method="POST", path="/v1/x", body={}, wait=True, rate_limit=value),
                          client_factory=lambda args, **kwargs: new_client(args, session=session, **kwargs))
    assert result["failed"] and "rate_limit" in result["msg"] and repr(value) in result["msg"]
    assert session.sent == []


def test_paying_an_order_through_bss_starts_that_order_once():
    """The vendor's 'Creating ECSs: high-frequency scenarios' page pays the order through BSS
    (POST /v2/orders/customer-orders/pay), answered {order_id, coupon_infos}: one order, waited on once."""
    answer = {"coupon_infos": [{"id": "CP2005270256xxxxxx", "type": 301}], "order_id": ORDER}
    result = run(FakeSession(FakeResponse(200, answer)), service="bss", method="POST", path="/v2/orders/customer-orders/pay",
                 body={"order_id": ORDER}, domain_id=keys.DOMAIN_ID)
    assert result["orders"] == [ORDER] and result["started"] == [{"service": "bss", "order_id": ORDER}]


def test_a_dms_task_started_under_an_instance_is_waited_on_with_that_instance():
    """A DMS task id means nothing without its instance; the start call's own path names it (/instances/{id}/...)."""
    session = FakeSession(FakeResponse(200, {"job_id": "t-1"}),
                          FakeResponse(200, {"task_count": 1, "tasks": [{"id": "t-1", "name": "reassign", "status": "SUCCESS"}]}))
    result = run(session, service="kafka", method="POST", path="/v2/{project_id}/kafka/instances/inst-1/reassign", body={}, wait=True)
    assert "failed" not in result, result.get("msg")
    assert result["started"] == [{"service": "kafka", "instance_id": "inst-1", "task_id": "t-1"}]
    assert session.sent[1]["url"].endswith("/v2/%s/instances/inst-1/tasks/t-1" % PROJECT)
    assert result["succeeded_ids"] == ["t-1"]
