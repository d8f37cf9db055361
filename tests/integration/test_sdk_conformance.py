# -*- coding: utf-8 -*-
"""The emulator against the vendor's own Python SDKs (test-only references, never runtime deps).

For each SDK-backed service the vendor's client class reads jobs in each state
from that service's own emulator listener, signed by the SDK's own core. Each
answer must deserialize into the SDK's response model, and the raw JSON body
the emulator sent (from its request log) must hold no key, at any depth, that
the model's attribute_map does not know, and every value must have the JSON
type its openapi_types declares. Only 127.0.0.1 is ever reached.
"""

import decimal
import importlib
import re
import warnings

import pytest

from tests.emulator import more_jobs
from tests.emulator import state as st

core_credentials = pytest.importorskip("huaweicloudsdkcore.auth.credentials")
core_http_config = pytest.importorskip("huaweicloudsdkcore.http.http_config")

PROJECT = st.PROJECTS["cn-north-4"]

# service -> (package, client class, request class, client method, request's id argument, status reader)
SDK = {
    "cph": ("huaweicloudsdkcph.v1", "CphClient", "ShowJobRequest", "show_job", "job_id", lambda r: r.status),
    "workspace": ("huaweicloudsdkworkspace.v2", "WorkspaceClient", "ShowJobRequest", "show_job", "job_id", lambda r: r.status),
    "cfw": ("huaweicloudsdkcfw.v1", "CfwClient", "ListJobRequest", "list_job", "job_id", lambda r: r.data.status),
    "ecs": ("huaweicloudsdkecs.v2", "EcsClient", "ShowJobRequest", "show_job", "job_id", lambda r: r.status),
    "evs": ("huaweicloudsdkevs.v2", "EvsClient", "ShowJobRequest", "show_job", "job_id", lambda r: r.status),
    "ims": ("huaweicloudsdkims.v2", "ImsClient", "ShowJobRequest", "show_job", "job_id", lambda r: r.status),
    "bms": ("huaweicloudsdkbms.v1", "BmsClient", "ShowJobInfosRequest", "show_job_infos", "job_id", lambda r: r.status),
    "dcs": ("huaweicloudsdkdcs.v2", "DcsClient", "ShowJobInfoRequest", "show_job_info", "job_id", lambda r: r.status),
    "cce": ("huaweicloudsdkcce.v3", "CceClient", "ShowJobRequest", "show_job", "job_id", lambda r: r.status.phase),
    "rds": ("huaweicloudsdkrds.v3", "RdsClient", "ListJobInfoRequest", "list_job_info", "id", lambda r: r.job.status),
    # Issue 23's.
    "gaussdb": ("huaweicloudsdkgaussdbforopengauss.v3", "GaussDBforopenGaussClient", "ShowJobDetailRequest", "show_job_detail", "id",
                lambda r: r.job.status),
    "taurusdb": ("huaweicloudsdkgaussdb.v3", "GaussDBClient", "ShowGaussMySqlJobInfoRequest", "show_gauss_my_sql_job_info", "id",
                 lambda r: r.job.status),
    "geminidb": ("huaweicloudsdkgaussdbfornosql.v3", "GaussDBforNoSQLClient", "ListJobsRequest", "list_jobs", "id",
                 lambda r: r.jobs[0].status),
    "dds": ("huaweicloudsdkdds.v3", "DdsClient", "ShowJobDetailRequest", "show_job_detail", "id", lambda r: r.job.status),
    "sdrs": ("huaweicloudsdksdrs.v1", "SdrsClient", "ShowJobStatusRequest", "show_job_status", "job_id", lambda r: r.status),
    "cbr": ("huaweicloudsdkcbr.v1", "CbrClient", "ShowOpLogRequest", "show_op_log", "operation_log_id", lambda r: r.operation_log.status),
    "sfsturbo": ("huaweicloudsdksfsturbo.v1", "SFSTurboClient", "ShowJobDetailRequest", "show_job_detail", "job_id", lambda r: r.status),
    "elb": ("huaweicloudsdkelb.v3", "ElbClient", "ShowJobRequest", "show_job", "job_id", lambda r: r.job.status),
    "dws": ("huaweicloudsdkdws.v2", "DwsClient", "ListJobDetailsRequest", "list_job_details", "job_id", lambda r: r.status),
    "dli": ("huaweicloudsdkdli.v1", "DliClient", "ShowSqlJobStatusRequest", "show_sql_job_status", "job_id", lambda r: r.status),
    "sms": ("huaweicloudsdksms.v3", "SmsClient", "ShowTaskRequest", "show_task", "task_id", lambda r: r.state),
    "geip": ("huaweicloudsdkgeip.v3", "GeipClient", "ShowJobsRequest", "show_jobs", "job_id", lambda r: r.job.status),
}
# Issue 23's whose id is scoped by a parent: the request takes the parent too (PARENT_ARGUMENT).
SDK.update({
    "kafka": ("huaweicloudsdkkafka.v2", "KafkaClient", "ShowBackgroundTaskRequest", "show_background_task", "task_id",
              lambda r: r.tasks[0].status),
    "rabbitmq": ("huaweicloudsdkrabbitmq.v2", "RabbitMQClient", "ShowBackgroundTaskRequest", "show_background_task", "task_id",
                 lambda r: r.tasks[0].status),
    "rocketmq": ("huaweicloudsdkrocketmq.v2", "RocketMQClient", "ShowBackgroundTaskRequest", "show_background_task", "task_id",
                 lambda r: r.tasks[0].status),
    "mrs": ("huaweicloudsdkmrs.v2", "MrsClient", "ShowSingleJobExeRequest", "show_single_job_exe", "job_execution_id",
            lambda r: r.job_detail.job_state),
    "ges": ("huaweicloudsdkges.v2", "GesClient", "ShowJob2Request", "show_job2", "job_id", lambda r: r.status),
    "functiongraph": ("huaweicloudsdkfunctiongraph.v2", "FunctionGraphClient", "ListAsyncInvocationsRequest",
                      "list_async_invocations", "request_id", lambda r: r.invocations[0].status),
})
PARENT_ARGUMENT = dict((service, kinds[0]) for service, kinds in more_jobs.PARENT_SCOPED.items())
# The status each answers under: MRS's pages say 202.
ANSWER_STATUS = {"mrs": 202}
# Services signed with the account's domain (GlobalCredentials), not a project.
GLOBAL_SERVICES = ("geip",)

# How to read the raw body's status and sub-jobs, to compare with what the SDK read.
RAW_STATUS = {"cfw": lambda b: b["data"]["status"], "cce": lambda b: b["status"]["phase"], "rds": lambda b: b["job"]["status"]}
RAW_STATUS.update({
    "gaussdb": lambda b: b["job"]["status"], "taurusdb": lambda b: b["job"]["status"], "dds": lambda b: b["job"]["status"],
    "geminidb": lambda b: b["jobs"][0]["status"], "cbr": lambda b: b["operation_log"]["status"],
    "elb": lambda b: b["job"]["status"], "geip": lambda b: b["job"]["status"], "sms": lambda b: b["state"],
})
RAW_STATUS.update({
    "kafka": lambda b: b["tasks"][0]["status"],
    "rabbitmq": lambda b: b["tasks"][0]["status"],
    "rocketmq": lambda b: b["tasks"][0]["status"],
    "mrs": lambda b: b["job_detail"]["job_state"],
    "functiongraph": lambda b: b["invocations"][0]["status"],
})
RAW_SUB_JOBS = {
    "workspace": lambda b: b["sub_jobs"], "ecs": lambda b: b["entities"]["sub_jobs"], "evs": lambda b: b["entities"]["sub_jobs"],
    "bms": lambda b: b["entities"]["sub_jobs"], "ims": lambda b: b["entities"]["sub_jobs_result"], "cce": lambda b: b["spec"]["subJobs"],
    "sdrs": lambda b: b["entities"]["sub_jobs"], "sfsturbo": lambda b: b["sub_jobs"], "elb": lambda b: b["job"]["sub_jobs"],
    "sms": lambda b: b["sub_tasks"],
}
SDK_SUB_JOBS = {
    "workspace": lambda r: r.sub_jobs, "ecs": lambda r: r.entities.sub_jobs, "evs": lambda r: r.entities.sub_jobs,
    "bms": lambda r: r.entities.sub_jobs, "ims": lambda r: r.entities.sub_jobs_result, "cce": lambda r: r.spec.sub_jobs,
    "sdrs": lambda r: r.entities.sub_jobs, "sfsturbo": lambda r: r.sub_jobs, "elb": lambda r: r.job.sub_jobs, "sms": lambda r: r.sub_tasks,
}

MIXED_SUB_JOBS = [{"state": "succeeded"}, {"state": "failed", "error_code": "SUB.0001", "fail_reason": "disk full"},
                  {"state": "running", "then": "succeeded", "after_seconds": 3600}]

CASES = []
for _service in SDK:
    # CFW's SDK model declares its times as dates (text); the emulator's default for CFW is the seed's epoch ms.
    _extra = {"time_format": "iso"} if _service == "cfw" else {}
    CASES += [
        pytest.param(_service, dict(_extra, state="running"), id="%s-running" % _service),
        pytest.param(_service, dict(_extra, state="running", then="succeeded", after_seconds=3600), id="%s-running-then" % _service),
        pytest.param(_service, dict(_extra, state="succeeded"), id="%s-succeeded" % _service),
        pytest.param(_service, dict(_extra, state="failed"), id="%s-failed" % _service),
    ]
for _service in RAW_SUB_JOBS:
    CASES.append(pytest.param(_service, {"sub_jobs": MIXED_SUB_JOBS}, id="%s-sub-jobs-mixed" % _service))
    CASES.append(pytest.param(_service, {"state": "failed", "sub_jobs": [{}, {}]}, id="%s-sub-jobs-failed" % _service))
for _service in ("ecs", "evs", "ims", "bms"):
    CASES.append(pytest.param(_service, {"state": "running", "running_status": "PENDING_PAYMENT"}, id="%s-pending-payment" % _service))
CASES += [
    pytest.param(_service, {"state": "running", "running_status": _status}, id="%s-%s" % (_service, _status))
    for _service, _status in (("taurusdb", "Pending"), ("cbr", "waiting"), ("sfsturbo", "waiting"), ("elb", "ROLLBACKING"),
                              ("dws", "DELAY_SCHEDULED"), ("dli", "LAUNCHING"), ("sms", "SYNCING"))
]
CASES += [
    pytest.param("cbr", {"phases": [{"status": "skipped"}]}, id="cbr-skipped"),
    pytest.param("cbr", {"phases": [{"status": "timeout"}]}, id="cbr-timeout"),
    pytest.param("elb", {"phases": [{"status": "COMPLETE"}]}, id="elb-complete"),
    pytest.param("dli", {"phases": [{"status": "FINISHED"}]}, id="dli-finished-as-the-pages-say"),
    pytest.param("geip", {"phases": [{"status": "FINISH_ROLLBACK_SUCC"}]}, id="geip-rolled-back"),
    pytest.param("kafka", {"phases": [{"status": "CREATED"}]}, id="kafka-created"),
    pytest.param("rocketmq", {"phases": [{"status": "CANCELLED"}]}, id="rocketmq-cancelled"),
    pytest.param("rabbitmq", {"phases": [{"status": "DELETED"}]}, id="rabbitmq-deleted"),
    pytest.param("mrs", {"phases": [{"status": "New"}]}, id="mrs-new-as-the-pages-say"),
    pytest.param("mrs", {"phases": [{"status": "KILLED"}]}, id="mrs-killed"),
    pytest.param("mrs", {"phases": [{"status": "FINISHED", "fields": {"job_result": "FAILED"}}]}, id="mrs-finished-failed"),
    pytest.param("ges", {"phases": [{"status": "pending"}]}, id="ges-pending"),
    pytest.param("ges", {"phases": [{"status": "partiallyFailed"}]}, id="ges-partially-failed"),
    pytest.param("functiongraph", {"phases": [{"status": "DISCARD"}]}, id="functiongraph-discarded"),
    pytest.param("functiongraph", {"function_urn": "urn:fss:cn-north-4:%s:function:default:other:v2" % PROJECT},
                 id="functiongraph-another-urn"),
    pytest.param("ecs", {"phases": [{"status": "PENDING_PAYMENT", "for_polls": 5}, {"status": "SUCCESS"}]}, id="ecs-pending-payment-phases"),
    pytest.param("ecs", {"nic_id": "nic-1", "server_id": "srv-1"}, id="ecs-nic"),
    pytest.param("evs", {"volume_type": "SAS", "size": 40, "name": "data"}, id="evs-volume-fields"),
    pytest.param("ims", {"image_name": "golden"}, id="ims-image-name"),
    pytest.param("cce", {"extend_param": {"nodepoolID": "np-1"}, "state": "failed"}, id="cce-extend-param"),
    pytest.param("cph", {"phone_id": "phone-1", "server_id": "server-1"}, id="cph-resource-ids"),
    pytest.param("rds", {"instance_name": "db-1", "state": "running", "then": "failed", "after_polls": 1}, id="rds-fails-after-a-poll"),
    pytest.param("dcs", {"time_format": "epoch_ms_string", "state": "failed", "fail_reason": "node down"}, id="dcs-epoch-ms-strings"),
]


# -- the checker: raw JSON against an SDK model's attribute_map / openapi_types -------------


def model_package(service):
    pytest.importorskip(SDK[service][0].split(".")[0])
    return importlib.import_module(SDK[service][0] + ".model")


def response_class(service):
    request = SDK[service][2]
    return getattr(model_package(service), request[:-len("Request")] + "Response")


def model_problems(model, body, package, path="$"):
    """Every key of `body`, at any depth, that `model` does not know, and every value of the wrong JSON type."""
    if not isinstance(body, dict):
        return ["%s: %s expects an object, got %s" % (path, model.__name__, type(body).__name__)]
    by_json_name = dict((json_name, attr) for attr, json_name in model.attribute_map.items())
    problems = []
    for key, value in body.items():
        where = "%s.%s" % (path, key)
        if key not in by_json_name or by_json_name[key] not in model.openapi_types:
            problems.append("%s: unknown to %s" % (where, model.__name__))
            continue
        problems.extend(type_problems(model.openapi_types[by_json_name[key]], value, package, where))
    return problems


def type_problems(type_name, value, package, path):
    """Whether a JSON value has the JSON type an openapi_types entry declares (null is always allowed)."""
    if value is None:
        return []
    listed = re.match(r"^list\[(.*)\]$", type_name)
    if listed:
        if not isinstance(value, list):
            return ["%s: expected a list (%s), got %s" % (path, type_name, type(value).__name__)]
        out = []
        for index, item in enumerate(value):
            out.extend(type_problems(listed.group(1), item, package, "%s[%d]" % (path, index)))
        return out
    mapped = re.match(r"^dict\(([^,]*), (.*)\)$", type_name)
    if mapped:
        if not isinstance(value, dict):
            return ["%s: expected an object (%s), got %s" % (path, type_name, type(value).__name__)]
        out = []
        for key, item in value.items():
            out.extend(type_problems(mapped.group(2), item, package, "%s.%s" % (path, key)))
        return out
    json_types = {
        "str": (str,), "date": (str,), "datetime": (str,), "int": (int,), "float": (int, float, decimal.Decimal),
        "bool": (bool,), "object": (object,),
    }
    if type_name in json_types:
        ok = isinstance(value, json_types[type_name]) and not (isinstance(value, bool) and type_name in ("int", "float"))
        return [] if ok else ["%s: expected %s, got %s %r" % (path, type_name, type(value).__name__, value)]
    return model_problems(getattr(package, type_name), value, package, path)


# -- the SDK's own client against the service's own listener ---------------------------------


def sdk_client(emu, service):
    package, client_name, _request, _method, _arg, _status = SDK[service]
    client_class = getattr(importlib.import_module(package), client_name)
    config = core_http_config.HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.timeout = (5, 20)
    config.retry_times = 0
    if service in GLOBAL_SERVICES:
        credentials = core_credentials.GlobalCredentials(st.ACCESS_KEY, st.SECRET_KEY, st.DOMAIN_ID)
    else:
        credentials = core_credentials.BasicCredentials(st.ACCESS_KEY, st.SECRET_KEY, PROJECT)
    endpoint = emu.endpoints[service]
    assert endpoint.startswith("http://127.0.0.1:")
    return client_class.new_builder().with_http_config(config).with_credentials(credentials).with_endpoint(endpoint).build()


def sdk_read(emu, service, job_id, parent=None):
    """Read one job with the vendor's client; return (SDK response, the request-log entry, the raw body sent)."""
    model_package(service)  # skips when that SDK is not installed
    package, _client, request_name, method, argument, _status = SDK[service]
    arguments = {argument: job_id}
    if service in PARENT_ARGUMENT:
        arguments[PARENT_ARGUMENT[service]] = parent or more_jobs.DEFAULT_PARENT[service].format(project_id=PROJECT)
    request = getattr(importlib.import_module(package), request_name)(**arguments)
    emu.control.clear_requests()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # IMS marks ShowJob deprecated; it still is the job call
        response = getattr(sdk_client(emu, service), method)(request)
    entries = emu.control.requests(route="%s_job" % service)
    assert len(entries) == 1, entries
    return response, entries[0], entries[0]["response"]


@pytest.mark.parametrize("service,spec", CASES)
def test_sdk_reads_every_emulated_answer(emu, service, spec):
    job = emu.control.add_job(service=service, **spec)
    response, entry, body = sdk_read(emu, service, job["job_id"], spec.get(PARENT_ARGUMENT.get(service)))
    assert isinstance(response, response_class(service))
    assert (entry["status"], entry["auth"], entry["service_listener"]) == (ANSWER_STATUS.get(service, 200), "aksk", service)
    assert model_problems(response_class(service), body, model_package(service)) == []
    assert SDK[service][5](response) == RAW_STATUS.get(service, lambda b: b["status"])(body)
    if spec.get("sub_jobs"):
        raw_subs = RAW_SUB_JOBS[service](body)
        assert len(SDK_SUB_JOBS[service](response)) == len(raw_subs) == len(spec["sub_jobs"])


def test_states_are_the_vocabulary_the_sdk_documents(emu):
    """The raw statuses of a failed job with sub-jobs, as the SDK read them."""
    reads = {}
    for service in ("ecs", "cce", "rds", "dcs"):
        spec = {"state": "failed", "sub_jobs": [{}, {}]} if service in RAW_SUB_JOBS else {"state": "failed"}
        job = emu.control.add_job(service=service, **spec)
        reads[service] = sdk_read(emu, service, job["job_id"])[0]
    assert reads["ecs"].status == "FAIL" and reads["ecs"].error_code == "Ecs.0010"
    assert [s.status for s in reads["ecs"].entities.sub_jobs] == ["SUCCESS", "FAIL"]
    assert reads["ecs"].entities.sub_jobs[1].entities.errorcode_message == reads["ecs"].fail_reason
    assert reads["cce"].status.phase == "Failed" and reads["cce"].status.reason
    assert [s.status.phase for s in reads["cce"].spec.sub_jobs] == ["Success", "Failed"]
    assert reads["rds"].job.status == "Failed" and reads["rds"].job.fail_reason
    assert reads["dcs"].status == "FAIL" and reads["dcs"].begin_time.isdigit()


# -- a test that cannot fail is a defect: the checker must see what is wrong -----------------


def test_checker_reports_unknown_keys_and_wrong_types(emu):
    job = emu.control.add_job(service="ecs", fields={"surprise": 1, "job_type": 7},
                              sub_jobs=[{"fields": {"bogus": True}}, {}])
    response, _entry, body = sdk_read(emu, "ecs", job["job_id"])
    assert isinstance(response, response_class("ecs"))  # the SDK itself ignores unknown keys: hence the checker
    problems = model_problems(response_class("ecs"), body, model_package("ecs"))
    assert any(p.startswith("$.surprise: unknown") for p in problems), problems
    assert any(p.startswith("$.job_type: expected str") for p in problems), problems
    assert any(p.startswith("$.entities.sub_jobs[0].bogus: unknown") for p in problems), problems
    assert len(problems) == 3, problems


def test_checker_walks_nested_models_lists_and_dicts():
    package = model_package("cce")
    job = response_class("cce")
    good = {"kind": "Job", "spec": {"extendParam": {"a": "b"}, "subJobs": [{"status": {"phase": "Running"}}]}}
    assert model_problems(job, good, package) == []
    bad = {"spec": {"extendParam": {"a": 1}, "subJobs": [{"status": {"phase": "Running", "odd": 1}}], "clusterUID": ["x"]},
           "status": "Running"}
    assert sorted(model_problems(job, bad, package)) == sorted([
        "$.spec.extendParam.a: expected str, got int 1",
        "$.spec.subJobs[0].status.odd: unknown to JobStatus",
        "$.spec.clusterUID: expected str, got list ['x']",
        "$.status: JobStatus expects an object, got str",
    ])
    assert type_problems("int", True, package, "$.x") and type_problems("list[str]", "a", package, "$.y")
    assert type_problems("float", 1, package, "$.z") == []


def test_cfw_default_epoch_ms_is_the_seed_not_the_sdk(emu):
    """The documented disagreement: the seed's example sends epoch ms, the SDK model declares date text."""
    job = emu.control.add_job(service="cfw")
    body = {"data": job["answer"]}
    problems = model_problems(response_class("cfw"), body, model_package("cfw"))
    assert sorted(p.split(":")[0] for p in problems) == ["$.data.begin_time", "$.data.end_time"]


# -- the collection sends the request the vendor's SDK sends -------------------------------

COLLECTION_SERVICES = ["cph", "workspace", "cfw", "ecs", "evs", "ims", "bms", "dcs", "cce", "rds"] + list(st.MORE_JOB_SERVICES)


def collection_read(emu, service, job_id):
    """Read the job with the collection's own client through `endpoints` (that service's listener only)."""
    from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs, fetch_records  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES  # pylint: disable=import-outside-toplevel
    settings = Settings(dict(region="cn-north-4", project_id=PROJECT, access_key=st.ACCESS_KEY, secret_key=st.SECRET_KEY,
                             endpoints={service: emu.endpoints[service]}, iam_endpoint=emu.url))
    client = Client(settings)
    try:
        if service in PARENT_ARGUMENT:
            parent = more_jobs.DEFAULT_PARENT[service].format(project_id=PROJECT)
            return fetch_records(client, SERVICES[service], {PARENT_ARGUMENT[service]: parent, SERVICES[service].id_kinds[1]: job_id})
        return fetch_jobs(client, SERVICES[service], SERVICES[service].id_kinds[0], job_id)
    finally:
        client.close()


def request_shape(entry):
    names = sorted(pair.split("=", 1)[0] for pair in entry["query"].split("&")) if entry["query"] else []
    return entry["method"], entry["path"], names, entry["service_listener"]


@pytest.mark.parametrize("service", COLLECTION_SERVICES)
def test_the_collection_sends_the_request_the_sdk_sends(emu, service):
    job = emu.control.add_job(service=service, state="failed")
    _response, sdk_entry, _body = sdk_read(emu, service, job["job_id"])
    emu.control.clear_requests()
    records = collection_read(emu, service, job["job_id"])
    ours = emu.control.requests(route="%s_job" % service)
    assert len(ours) == 1 and (ours[0]["status"], ours[0]["auth"]) == (ANSWER_STATUS.get(service, 200), "aksk")
    assert request_shape(ours[0]) == request_shape(sdk_entry)
    assert [(r["job_id"], r["state"], r["service"]) for r in records] == [(job["job_id"], "failed", service)]
