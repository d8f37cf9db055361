"""Resources: a call of kind resource, its status field and the values in progress, ready and failed, as table data.

Each kind is read from a body shaped as the vendor SDK's model of its show call (huaweicloudsdkecs ShowServerResponse,
huaweicloudsdkevs ShowVolumeResponse, ...), through fetch_records as a wait reads it. ``until`` aims a resource at
raw statuses or at its absence; a status in no list is unknown, never a success.
"""

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError, JobNotFound
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_records
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, UNKNOWN
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import ABSENT, SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import raw_status, unknown_status_warning
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import refs_from, verdict, wait_on
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Waiter

from tests.emulator import keys
from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

P = keys.PROJECT_ID


def server(status):
    return {"server": {"id": "s-1", "name": "web-1", "status": status, "OS-EXT-STS:vm_state": "active", "created": "2026-01-01T00:00:00Z"}}


def volume(status):
    return {"volume": {"id": "v-1", "name": "data", "status": status, "size": 40, "volume_type": "SSD"}}


def rds_instances(status):
    return {"instances": [{"id": "r-1", "name": "db", "status": status, "type": "Single"}], "total_count": 1}


def cluster(phase):
    return {"kind": "Cluster", "apiVersion": "v3", "metadata": {"uid": "c-1", "name": "k8s"}, "spec": {"flavor": "cce.s1.small"},
            "status": {"phase": phase, "reason": "quota" if phase == "Error" else None}}


def node(phase):
    return {"kind": "Node", "apiVersion": "v3", "metadata": {"uid": "n-1", "name": "node-1"}, "status": {"phase": phase}}


def vpc(status):
    return {"vpc": {"id": "vpc-1", "name": "net", "cidr": "192.168.0.0/16", "status": status}}


def subnet(status):
    return {"subnet": {"id": "sub-1", "name": "sub", "cidr": "192.168.0.0/24", "status": status, "vpc_id": "vpc-1"}}


def publicip(status):
    return {"publicip": {"id": "eip-1", "status": status, "type": "5_bgp", "public_ip_address": "192.0.2.7"}}


def loadbalancer(status):
    return {"request_id": "abc",
            "loadbalancer": {"id": "lb-1", "name": "lb", "provisioning_status": status, "operating_status": "ONLINE"}}


def dcs_instance(status):
    return {"instance_id": "d-1", "name": "cache", "status": status, "engine": "Redis"}


# service, ids, the URL's path after the host, the body for a status, then (status, state) pairs from the SDK's lists
KINDS = [
    ("ecs", {"server_id": "s-1"}, "https://ecs.cn-north-4.myhuaweicloud.com/v1/%s/cloudservers/s-1" % P, server,
     [("BUILD", RUNNING), ("VERIFY_RESIZE", RUNNING), ("ACTIVE", SUCCEEDED), ("ERROR", FAILED), ("SHUTOFF", UNKNOWN)]),
    ("evs", {"volume_id": "v-1"}, "https://evs.cn-north-4.myhuaweicloud.com/v2/%s/cloudvolumes/v-1" % P, volume,
     [("creating", RUNNING), ("extending", RUNNING), ("available", SUCCEEDED), ("in-use", SUCCEEDED), ("error", FAILED),
      ("error_extending", FAILED), ("CREATING", UNKNOWN)]),
    ("rds", {"instance_id": "r-1"}, "https://rds.cn-north-4.myhuaweicloud.com/v3/%s/instances?id=r-1" % P, rds_instances,
     [("BUILD", RUNNING), ("BACKING UP", RUNNING), ("ACTIVE", SUCCEEDED), ("FAILED", FAILED), ("FROZEN", UNKNOWN)]),
    ("cce", {"cluster_id": "c-1"}, "https://cce.cn-north-4.myhuaweicloud.com/api/v3/projects/%s/clusters/c-1" % P, cluster,
     [("Creating", RUNNING), ("Upgrading", RUNNING), ("Available", SUCCEEDED), ("Error", FAILED), ("Unavailable", FAILED),
      ("Hibernation", UNKNOWN)]),
    ("cce", {"cluster_id": "c-1", "node_id": "n-1"},
     "https://cce.cn-north-4.myhuaweicloud.com/api/v3/projects/%s/clusters/c-1/nodes/n-1" % P, node,
     [("Installing", RUNNING), ("Build", RUNNING), ("Active", SUCCEEDED), ("Abnormal", FAILED), ("Error", FAILED)]),
    ("vpc", {"vpc_id": "vpc-1"}, "https://vpc.cn-north-4.myhuaweicloud.com/v1/%s/vpcs/vpc-1" % P, vpc,
     [("CREATING", RUNNING), ("OK", SUCCEEDED), ("ERROR", FAILED), ("ACTIVE", UNKNOWN)]),
    ("vpc", {"subnet_id": "sub-1"}, "https://vpc.cn-north-4.myhuaweicloud.com/v1/%s/subnets/sub-1" % P, subnet,
     [("UNKNOWN", RUNNING), ("ACTIVE", SUCCEEDED), ("ERROR", FAILED)]),
    ("vpc", {"publicip_id": "eip-1"}, "https://vpc.cn-north-4.myhuaweicloud.com/v1/%s/publicips/eip-1" % P, publicip,
     [("PENDING_CREATE", RUNNING), ("DOWN", SUCCEEDED), ("ACTIVE", SUCCEEDED), ("BIND_ERROR", FAILED), ("FREEZED", UNKNOWN)]),
    ("elb", {"loadbalancer_id": "lb-1"}, "https://elb.cn-north-4.myhuaweicloud.com/v3/%s/elb/loadbalancers/lb-1" % P, loadbalancer,
     [("PENDING_CREATE", RUNNING), ("PENDING_UPDATE", RUNNING), ("ACTIVE", SUCCEEDED), ("ERROR", FAILED)]),
    ("dcs", {"instance_id": "d-1"}, "https://dcs.cn-north-4.myhuaweicloud.com/v2/%s/instances/d-1" % P, dcs_instance,
     [("CREATING", RUNNING), ("RESTARTING", RUNNING), ("RUNNING", SUCCEEDED), ("ERROR", FAILED), ("CREATEFAILED", FAILED),
      ("FROZEN", UNKNOWN)]),
]


def client(session):
    return Client(Settings(params()), session=session)


@pytest.mark.parametrize("name, ids, url, body, pairs", KINDS, ids=["%s-%s" % (k[0], "+".join(k[1])) for k in KINDS])
def test_each_resource_kind_maps_its_statuses(name, ids, url, body, pairs):
    for status, state in pairs:
        session = FakeSession(FakeResponse(200, body(status)))
        records = fetch_records(client(session), SERVICES[name], ids)
        assert session.sent[0]["url"] == url and session.sent[0]["method"] == "GET"
        assert len(records) == 1, (name, status)
        record = records[0]
        assert (record["state"], record["service"], record["job_id"]) == (state, name, list(ids.values())[-1]), (name, status)
        assert raw_status(record) == status and record["status_at"]


def test_a_resource_record_keeps_the_answers_fields_and_names_its_status():
    record = fetch_records(client(FakeSession(FakeResponse(200, loadbalancer("ACTIVE")))), SERVICES["elb"], {"loadbalancer_id": "lb-1"})[0]
    assert record["provisioning_status"] == "ACTIVE" and record["status"] == "ACTIVE" and record["operating_status"] == "ONLINE"
    assert record["started_at"] is None and record["duration"] is None
    record = fetch_records(client(FakeSession(FakeResponse(200, cluster("Error")))), SERVICES["cce"], {"cluster_id": "c-1"})[0]
    assert record["status"] == {"phase": "Error", "reason": "quota"} and raw_status(record) == "Error"


def test_until_raw_statuses_mean_succeeded_and_the_ready_ones_are_on_the_way():
    def read(status, until):
        session = FakeSession(FakeResponse(200, server(status)))
        return fetch_records(client(session), SERVICES["ecs"], {"server_id": "s-1"}, until=until)[0]["state"]

    assert read("SHUTOFF", ["SHUTOFF"]) == SUCCEEDED
    assert read("ACTIVE", ["SHUTOFF"]) == RUNNING
    assert read("REBOOT", ["SHUTOFF"]) == RUNNING
    assert read("ERROR", ["SHUTOFF"]) == FAILED
    assert read("SUSPENDED", ["SHUTOFF"]) == UNKNOWN
    assert read("ERROR", ["ERROR"]) == SUCCEEDED


def test_until_absent_is_done_when_the_service_says_not_found_and_running_while_it_is_there():
    evs = SERVICES["evs"]
    gone = FakeSession(FakeResponse(404, {"error": {"code": "EVS.2001", "message": "volume not found"}}))
    record = fetch_records(client(gone), evs, {"volume_id": "v-1"}, until=ABSENT)[0]
    assert (record["state"], record["job_id"], record["absent"]) == (SUCCEEDED, "v-1", True)
    assert fetch_records(client(FakeSession(FakeResponse(200, volume("deleting")))), evs, {"volume_id": "v-1"}, until=ABSENT)[0]["state"] == RUNNING
    assert fetch_records(client(FakeSession(FakeResponse(200, volume("available")))), evs, {"volume_id": "v-1"}, until=ABSENT)[0]["state"] == RUNNING
    assert fetch_records(client(FakeSession(FakeResponse(200, volume("error_deleting")))), evs, {"volume_id": "v-1"},
                         until=ABSENT)[0]["state"] == FAILED
    # RDS answers a list: an empty one is gone too
    empty = FakeSession(FakeResponse(200, {"instances": [], "total_count": 0}))
    assert fetch_records(client(empty), SERVICES["rds"], {"instance_id": "r-1"}, until=ABSENT)[0]["state"] == SUCCEEDED
    # without until, not found is the service's not-found (the grace applies)
    with pytest.raises(JobNotFound):
        fetch_records(client(gone), evs, {"volume_id": "v-1"})


def test_until_on_a_job_is_refused_naming_it():
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[{"service": "ecs", "job_id": "j-1", "until": ["SUCCESS"]}]))
    assert str(err.value) == "jobs[0].until is for a resource, not a job: job_id names a job, which ends as its service says"
    with pytest.raises(ConfigError) as err:
        refs_from(dict(service="ecs", job_id=["j-1"], until="absent"))
    assert str(err.value).startswith("until is for a resource")
    with pytest.raises(ConfigError) as err:
        fetch_records(client(FakeSession(FakeResponse(200, {}))), SERVICES["ecs"], {"job_id": "j-1"}, until=ABSENT)
    assert "until is for a resource" in str(err.value)
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[{"service": "ecs", "server_id": "s-1", "until": [{"a": 1}]}]))
    assert "jobs[0].until must be 'absent' or a list of raw statuses" in str(err.value)


def test_ids_no_call_takes_are_refused_naming_the_sets():
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[{"service": "cce", "node_id": "n-1"}]))
    assert str(err.value) == "jobs[0]: Cloud Container Engine (CCE) takes job_id or cluster_id or cluster_id + node_id, got node_id"
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[{"service": "ecs", "job_id": "j-1", "server_id": "s-1"}]))
    assert "takes job_id or server_id, got job_id + server_id" in str(err.value)


def wait(session, args):
    clock = FakeClock(0.0)
    c = Client(Settings(params()), session=session, clock=clock, sleep=clock.sleep)
    base = dict(timeout=60.0, poll_interval=1.0, max_poll_interval=2.0, not_found_timeout=5.0, max_concurrency=1,
                http_timeout=30.0, progress_interval=0)
    return wait_on(dict(base, **args), c, refs_from(args), on_warning=WARNINGS.append)


WARNINGS = []


def test_a_wait_on_resources_with_until_and_absent():
    session = FakeSession(FakeResponse(200, vpc("CREATING")), FakeResponse(200, server("ACTIVE")), FakeResponse(404, {}),
                          FakeResponse(200, vpc("OK")), FakeResponse(200, server("SHUTOFF")))
    result = wait(session, dict(jobs=[{"service": "vpc", "vpc_id": "vpc-1"}, {"service": "ecs", "server_id": "s-1", "until": ["SHUTOFF"]},
                                      {"service": "evs", "volume_id": "v-1", "until": "absent"}]))
    assert not result.get("failed"), result["msg"]
    assert result["succeeded_ids"] == ["vpc-1", "s-1", "v-1"]
    assert result["by_service"] == {"vpc": {"succeeded": 1, "failed": 0, "pending": 0}, "ecs": {"succeeded": 1, "failed": 0, "pending": 0},
                                    "evs": {"succeeded": 1, "failed": 0, "pending": 0}}
    assert result["msg"].startswith("3 jobs done: 3 succeeded, 0 failed")


def test_an_unknown_status_is_never_success_and_is_named():
    del WARNINGS[:]
    result = wait(FakeSession(FakeResponse(200, server("SHUTOFF"))), dict(service="ecs", server_id=["s-1"], timeout=3.0))
    assert result["failed"] and result["pending_ids"] == ["s-1"] and result["jobs"][0]["state"] == UNKNOWN
    assert WARNINGS and "ecs job s-1 has status 'SHUTOFF'" in WARNINGS[0]
    assert unknown_status_warning(result["jobs"][0]) == WARNINGS[0]


def test_a_failed_resource_fails_the_wait_naming_it():
    result = wait(FakeSession(FakeResponse(200, cluster("Error"))), dict(jobs=[{"service": "cce", "cluster_id": "c-1"}]))
    assert result["failed"] and result["failed_ids"] == ["c-1"]
    assert verdict(result, dict(timeout=60.0, fail_on_failure=True))["msg"] == "1 of 1 job failed: cce job c-1: quota"


def test_a_node_record_carries_its_cluster_id():
    session = FakeSession(FakeResponse(200, node("Active")))
    result = wait(session, dict(service="cce", cluster_id=["c-1"], node_id=["n-1"]))
    assert result["jobs"][0]["cluster_id"] == "c-1" and result["jobs"][0]["job_id"] == "n-1"


def test_the_waiter_stops_on_absent_without_the_not_found_grace():
    clock = FakeClock(0.0)
    c = Client(Settings(params()), session=FakeSession(FakeResponse(404, {})), clock=clock, sleep=clock.sleep)
    from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import fetch_by_ref  # pylint: disable=import-outside-toplevel
    waiter = Waiter(lambda ref, deadline: fetch_by_ref(c, ref, deadline), timeout=60.0, not_found_timeout=30.0, clock=clock,
                    sleep=clock.sleep, rng=lambda: 0.5)
    result = waiter.wait(refs_from(dict(jobs=[{"service": "ecs", "server_id": "s-1", "until": "absent"}])))
    assert result["succeeded_ids"] == ["s-1"] and result["polls"] == 1 and clock.now == 0.0


class Exit(Exception):
    pass


class FakeModule:
    """A stand-in for AnsibleModule: the params of job_info, and exit_json/fail_json that end the run."""

    def __init__(self, **given):
        from ansible_collections.hwcloud.jobs.plugins.module_utils.common import job_info_argument_spec  # pylint: disable=import-outside-toplevel
        self.params = dict((name, None) for name in job_info_argument_spec())
        self.params.update(params(), http_timeout=30.0, validate_certs=True, allow_insecure_http=False, **given)
        self.result = None

    def warn(self, text):
        pass

    def exit_json(self, **result):
        self.result = result
        raise Exit()

    def fail_json(self, **result):
        self.result = dict(result, failed=True)
        raise Exit()


def run_job_info(monkeypatch, session, **given):
    from ansible_collections.hwcloud.jobs.plugins.module_utils import common  # pylint: disable=import-outside-toplevel
    monkeypatch.setattr(common, "new_client", lambda p, **kw: Client(Settings(p), session=session))
    module = FakeModule(**given)
    with pytest.raises(Exit):
        common.run_job_info(module)
    return module.result


def test_job_info_reads_a_resources_record(monkeypatch):
    session = FakeSession(FakeResponse(200, rds_instances("BUILD")))
    result = run_job_info(monkeypatch, session, service="rds", instance_id=["r-1"])
    assert not result.get("failed"), result
    record = result["jobs"][0]
    assert (record["service"], record["job_id"], record["state"], record["status"]) == ("rds", "r-1", RUNNING, "BUILD")
    assert session.sent[0]["url"].endswith("/v3/%s/instances?id=r-1" % P)


def test_job_info_reads_a_node_by_its_cluster_and_refuses_ids_no_call_takes(monkeypatch):
    session = FakeSession(FakeResponse(200, node("Active")))
    result = run_job_info(monkeypatch, session, service="cce", cluster_id=["c-1"], node_id=["n-1", "n-2"])
    assert [(r["job_id"], r["cluster_id"], r["state"]) for r in result["jobs"]] == [("n-1", "c-1", SUCCEEDED), ("n-2", "c-1", SUCCEEDED)]
    result = run_job_info(monkeypatch, session, service="cce", node_id=["n-1"])
    assert result["failed"] and result["msg"] == "service cce: Cloud Container Engine (CCE) takes job_id or cluster_id or cluster_id + node_id, got node_id"
    assert len(session.sent) == 2
