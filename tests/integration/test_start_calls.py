# -*- coding: utf-8 -*-
"""The emulator's start calls: signed by the vendor SDK's own signer (bodies included), answered as the vendor SDK's
response models, each creating the job(s) its query side serves; a queued failure fails the chosen sub-job."""

import importlib
import json
from urllib.parse import urlparse

import pytest
import requests

from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import read_start_answer
from tests.emulator import state as st
from test_sdk_conformance import model_problems

sdk_signer = pytest.importorskip("huaweicloudsdkcore.signer.signer")
sdk_request = pytest.importorskip("huaweicloudsdkcore.sdk_request")
sdk_credentials = pytest.importorskip("huaweicloudsdkcore.auth.credentials")

PROJECT = st.PROJECTS["cn-north-4"]
P = PROJECT

# (service, method, path, body, SDK package and response model (None: no SDK), how many jobs, sub-jobs per job)
STARTS = [
    ("ecs", "POST", "/v1/%s/cloudservers" % P, {"server": {"name": "web", "count": 3, "flavorRef": "s6.small.1"}},
     ("huaweicloudsdkecs.v2", "CreateServersResponse"), 1, 3),
    ("ecs", "POST", "/v1.1/%s/cloudservers" % P, {"server": {"name": "web", "count": 1}}, ("huaweicloudsdkecs.v2", "CreateServersResponse"), 1, 1),
    ("ecs", "POST", "/v1/%s/cloudservers/action" % P, {"reboot": {"type": "SOFT", "servers": [{"id": "s1"}, {"id": "s2"}]}},
     ("huaweicloudsdkecs.v2", "BatchRebootServersResponse"), 1, 2),
    ("evs", "POST", "/v2/%s/cloudvolumes" % P, {"volume": {"count": 2, "size": 40, "volume_type": "SSD", "name": "data"}},
     ("huaweicloudsdkevs.v2", "CreateVolumeResponse"), 1, 2),
    ("ims", "POST", "/v2/cloudimages/action", {"name": "golden", "instance_id": "s1"}, ("huaweicloudsdkims.v2", "CreateImageResponse"), 1, 0),
    ("bms", "POST", "/v1/%s/baremetalservers" % P, {"server": {"name": "bm", "count": 2}},
     ("huaweicloudsdkbms.v1", "CreateBareMetalServersResponse"), 1, 2),
    ("dcs", "PUT", "/v2/%s/instances/inst-1/async-swap" % P, None, ("huaweicloudsdkdcs.v2", "ChangeMasterStandbyAsyncResponse"), 1, 0),
    ("cce", "POST", "/api/v3/projects/%s/clusters" % P,
     {"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": "prod"}, "spec": {"flavor": "cce.s1.small", "version": "v1.28"}},
     ("huaweicloudsdkcce.v3", "CreateClusterResponse"), 1, 0),
    ("cce", "POST", "/api/v3/projects/%s/clusters/c-1/nodes" % P,
     {"kind": "Node", "apiVersion": "v3", "metadata": {"name": "n"}, "spec": {"flavor": "s6.large.2", "count": 2}},
     ("huaweicloudsdkcce.v3", "CreateNodeResponse"), 1, 2),
    ("rds", "POST", "/v3/%s/instances" % P, {"name": "db-1", "flavor_ref": "rds.mysql.n1.large.2"},
     ("huaweicloudsdkrds.v3", "CreateInstanceResponse"), 1, 0),
    ("workspace", "POST", "/v2/%s/desktops" % P, {"desktop_type": "DEDICATED", "product_id": "workspace.x86.ultimate.large2",
                                                  "desktops": [{"user_name": "ann"}, {"user_name": "ben"}]},
     ("huaweicloudsdkworkspace.v2", "CreateDesktopResponse"), 1, 2),
    ("cfw", "POST", "/v2/%s/firewall" % P, {"name": "fw-1"}, ("huaweicloudsdkcfw.v1", "CreateFirewallResponse"), 1, 0),
    ("cph", "POST", "/v1/%s/cloud-phone/phones/batch-restart" % P, {"phones": [{"phone_id": "p1"}, {"phone_id": "p2"}]},
     ("huaweicloudsdkcph.v1", "RestartCloudPhoneResponse"), 2, 0),
    ("koophone", "POST", "/v1/instances/async-command", {"command": "reboot", "instance_ids": ["i1", "i2"]}, None, 2, 0),
    # A DMS task: its id means something only with the instance the call's path names.
    ("kafka", "PUT", "/v2/%s/instances/inst-1/configs" % P, {"kafka_configs": [{"name": "auto.create.groups.enable", "value": "false"}]},
     ("huaweicloudsdkkafka.v2", "ModifyInstanceConfigsResponse"), 1, 0),
]


def signed(emu, method, path, body=None, headers=None, tamper_body=None):
    """Signed with huaweicloudsdkcore's Signer over the body, sent with requests (``tamper_body`` changes it after)."""
    header_params = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        header_params["Content-Type"] = "application/json"
    request = sdk_request.SdkRequest(method=method, schema="http", host=urlparse(emu.url).netloc, resource_path=path,
                                     query_params=[], header_params=header_params, body=data)
    sdk_signer.Signer(sdk_credentials.BasicCredentials(st.ACCESS_KEY, st.SECRET_KEY)).sign(request)
    return requests.request(method, emu.url + request.uri, headers=dict(request.header_params),
                            data=tamper_body(request.body) if tamper_body else request.body, timeout=10)


def _headers(service):
    return {"x-request-id": "start-test-1"} if service == "koophone" else None


@pytest.mark.parametrize("service,method,path,body,model,jobs,subs", STARTS, ids=["%s-%s" % (s[0], s[2].split("/")[-1]) for s in STARTS])
def test_a_start_call_answers_as_the_sdk_model_and_creates_what_the_query_side_serves(
        emu, service, method, path, body, model, jobs, subs):
    emu.control.freeze_clock(True)  # the jobs stay running however slow the machine is
    answer = signed(emu, method, path, body, _headers(service))
    assert answer.status_code == 200, answer.text
    raw = answer.json()
    if model:
        package = pytest.importorskip(model[0].split(".")[0]) and importlib.import_module(model[0] + ".model")
        assert model_problems(getattr(package, model[1]), raw, package) == []
    started, not_started, orders = read_start_answer(SERVICES[service], raw, path)
    assert not_started == [] and orders == [] and len(started) == (1 if service == "koophone" else jobs)
    created = emu.control.jobs(service=service)
    assert len(created) == jobs
    assert all(job["state"] == "running" for job in created)
    assert [len(job.get("sub_jobs") or []) for job in created] == [subs] * jobs
    kind = "task_id" if service == "koophone" else "job_id"
    if service == "kafka":  # started as wait_for_job takes a DMS task: its instance and its task id
        assert started == [{"service": "kafka", "instance_id": "inst-1", "task_id": created[0]["job_id"]}]
    else:
        assert set(s[kind] for s in started) == set(job[kind] for job in created)
    assert emu.control.requests()[-1]["auth"] == "aksk"


def test_a_start_body_changed_after_signing_is_refused(emu):
    answer = signed(emu, "POST", "/v1/%s/cloudservers" % P, {"server": {"name": "web", "count": 1}},
                    tamper_body=lambda data: data.replace(b'"count": 1', b'"count": 9'))
    assert answer.status_code == 401 and answer.json()["error_code"] == "APIGW.0301"
    assert emu.control.jobs(service="ecs") == []


def test_a_prepaid_create_answers_with_an_order_and_starts_no_job(emu):
    answer = signed(emu, "POST", "/v1/%s/cloudservers" % P, {"server": {"name": "web", "extendparam": {"chargingMode": "prePaid"}}})
    assert answer.status_code == 200 and answer.json()["order_id"].startswith("CS")
    assert emu.control.jobs(service="ecs") == []


@pytest.mark.parametrize("body,needle", [
    ({}, "server is required"),
    ({"server": {"name": "web", "count": 0}}, "server.count must be an integer from 1 to 100"),
    ({"server": {"count": 1}}, "name is required"),
])
def test_a_bad_start_body_is_a_400_in_the_services_error_shape(emu, body, needle):
    answer = signed(emu, "POST", "/v1/%s/cloudservers" % P, body)
    assert answer.status_code == 400 and needle in answer.json()["error"]["message"]


def test_a_queued_failure_fails_the_chosen_sub_job_of_the_next_start_only(emu):
    emu.control.config(batch_job_seconds=2)
    emu.control.freeze_clock(True)
    emu.control.fail_next_start("ecs", index=1, error_code="Ecs.0039", fail_reason="Insufficient quota.")
    first = signed(emu, "POST", "/v1/%s/cloudservers" % P, {"server": {"name": "web", "count": 3}}).json()
    second = signed(emu, "POST", "/v1/%s/cloudservers" % P, {"server": {"name": "web", "count": 3}}).json()
    emu.control.advance_clock(5)
    failed, ok = emu.control.job(first["job_id"]), emu.control.job(second["job_id"])
    assert failed["state"] == "failed" and [s["state"] for s in failed["sub_jobs"]] == ["succeeded", "failed", "succeeded"]
    assert failed["sub_jobs"][1]["resource_id"] == first["serverIds"][1]
    assert failed["answer"]["error_code"] == "Ecs.0039" and failed["answer"]["fail_reason"] == "Insufficient quota."
    assert ok["state"] == "succeeded"
    assert emu.control.call("GET", "start-failures")["start_failures"] == []


def test_a_queued_failure_fails_the_chosen_phone_of_a_cph_batch(emu):
    emu.control.freeze_clock(True)
    emu.control.fail_next_start("cph", index=0, error_code="CPS.0015", error_msg="Phone is busy.")
    signed(emu, "POST", "/v1/%s/cloud-phone/phones/batch-restart" % P, {"phones": [{"phone_id": "p1"}, {"phone_id": "p2"}]})
    emu.control.advance_clock(10)
    states = dict((job["answer"]["phone_id"], (job["state"], job["answer"]["error_code"])) for job in emu.control.jobs(service="cph"))
    assert states == {"p1": ("failed", "CPS.0015"), "p2": ("succeeded", None)}


def test_reset_clears_queued_failures(emu):
    emu.control.fail_next_start("rds", fail_reason="disk full")
    emu.control.reset()
    assert emu.control.call("GET", "start-failures")["start_failures"] == []
