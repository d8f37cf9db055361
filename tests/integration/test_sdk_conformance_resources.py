# -*- coding: utf-8 -*-
"""The emulator's resources (resources.py) against the vendor's own SDKs (test-only references), as
test_sdk_conformance.py checks the job APIs: each SDK's client reads each kind of resource, creating and ready, from the
emulator; every raw body holds no key its model does not know and no value of another JSON type; a resource gone is its
service's not-found answer (RDS: an empty list). Only 127.0.0.1 is ever reached."""

import importlib

import pytest

from tests.emulator import state as st
from tests.integration.test_sdk_conformance import model_problems

core_credentials = pytest.importorskip("huaweicloudsdkcore.auth.credentials")
core_http_config = pytest.importorskip("huaweicloudsdkcore.http.http_config")
core_exceptions = pytest.importorskip("huaweicloudsdkcore.exceptions.exceptions")

PROJECT = st.PROJECTS[st.DEFAULT_REGION]

# kind -> (SDK package, client, request model, client method, request arguments (id -> kwargs), response model,
#          route, the statuses of a life: creating, ready, updated)
CASES = {
    "ecs_server": ("huaweicloudsdkecs.v2", "EcsClient", "ShowServerRequest", "show_server", lambda i: {"server_id": i},
                   "ShowServerResponse", "ecs_server", ("BUILD", "ACTIVE", "SHUTOFF")),
    "evs_volume": ("huaweicloudsdkevs.v2", "EvsClient", "ShowVolumeRequest", "show_volume", lambda i: {"volume_id": i},
                   "ShowVolumeResponse", "evs_cloudvolume", ("creating", "available", "in-use")),
    "rds_instance": ("huaweicloudsdkrds.v3", "RdsClient", "ListInstancesRequest", "list_instances", lambda i: {"id": i},
                     "ListInstancesResponse", "rds_instances", ("BUILD", "ACTIVE", "MODIFYING")),
    "cce_cluster": ("huaweicloudsdkcce.v3", "CceClient", "ShowClusterRequest", "show_cluster", lambda i: {"cluster_id": i},
                    "ShowClusterResponse", "cce_cluster", ("Creating", "Available", "Upgrading")),
    "cce_node": ("huaweicloudsdkcce.v3", "CceClient", "ShowNodeRequest", "show_node",
                 lambda i: {"cluster_id": "cluster-1", "node_id": i}, "ShowNodeResponse", "cce_node",
                 ("Installing", "Active", "Upgrading")),
    "vpc": ("huaweicloudsdkvpc.v2", "VpcClient", "ShowVpcRequest", "show_vpc", lambda i: {"vpc_id": i},
            "ShowVpcResponse", "vpc_vpc", ("CREATING", "OK", "OK")),
    "vpc_subnet": ("huaweicloudsdkvpc.v2", "VpcClient", "ShowSubnetRequest", "show_subnet", lambda i: {"subnet_id": i},
                   "ShowSubnetResponse", "vpc_subnet", ("UNKNOWN", "ACTIVE", "ACTIVE")),
    "vpc_publicip": ("huaweicloudsdkeip.v2", "EipClient", "ShowPublicipRequest", "show_publicip",
                     lambda i: {"publicip_id": i}, "ShowPublicipResponse", "vpc_publicip", ("PENDING_CREATE", "DOWN", "ACTIVE")),
    "elb_loadbalancer": ("huaweicloudsdkelb.v3", "ElbClient", "ShowLoadBalancerRequest", "show_load_balancer",
                         lambda i: {"loadbalancer_id": i}, "ShowLoadBalancerResponse", "elb_loadbalancer",
                         ("PENDING_CREATE", "ACTIVE", "PENDING_UPDATE")),
    "nat_gateway": ("huaweicloudsdknat.v2", "NatClient", "ShowNatGatewayRequest", "show_nat_gateway",
                    lambda i: {"nat_gateway_id": i}, "ShowNatGatewayResponse", "nat_gateway",
                    ("PENDING_CREATE", "ACTIVE", "PENDING_UPDATE")),
    "dcs_instance": ("huaweicloudsdkdcs.v2", "DcsClient", "ShowInstanceRequest", "show_instance", lambda i: {"instance_id": i},
                     "ShowInstanceResponse", "dcs_instance", ("CREATING", "RUNNING", "EXTENDING")),
}


def sdk(kind):
    package = CASES[kind][0]
    pytest.importorskip(package.split(".")[0])
    return importlib.import_module(package), importlib.import_module(package + ".model")


def sdk_client(emu, kind):
    module, _models = sdk(kind)
    config = core_http_config.HttpConfig.get_default_config()
    config.timeout = (5, 20)
    config.retry_times = 0
    credentials = core_credentials.BasicCredentials(st.ACCESS_KEY, st.SECRET_KEY, PROJECT)
    # Every route is on the main listener; a service with a listener of its own is read there too.
    endpoint = emu.endpoints.get(CASES[kind][6].split("_")[0]) or emu.url
    assert endpoint.startswith("http://127.0.0.1:")
    return getattr(module, CASES[kind][1]).new_builder().with_http_config(config).with_credentials(credentials) \
        .with_endpoint(endpoint).build()


def read(emu, kind, resource_id):
    _module, models = sdk(kind)
    request = getattr(models, CASES[kind][2])(**CASES[kind][4](resource_id))
    return getattr(sdk_client(emu, kind), CASES[kind][3])(request)


def status_of(kind, response):
    if kind == "rds_instance":
        return response.instances[0].status
    if kind in ("cce_cluster", "cce_node"):
        return response.status.phase
    if kind == "dcs_instance":
        return response.status
    if kind == "elb_loadbalancer":
        return response.loadbalancer.provisioning_status
    inner = {"ecs_server": "server", "evs_volume": "volume", "vpc": "vpc", "vpc_subnet": "subnet",
             "vpc_publicip": "publicip", "nat_gateway": "nat_gateway"}[kind]
    return getattr(response, inner).status


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_sdk_reads_each_resource_through_its_life(emu, kind):
    _module, models = sdk(kind)
    creating, ready, updated = CASES[kind][7]
    extra = {"cluster_id": "cluster-1"} if kind == "cce_node" else {}
    phases = [{"status": creating, "for_polls": 1}, {"status": ready, "for_polls": 1}, {"status": updated, "for_polls": 1},
              {"absent": True}]
    made = emu.control.add_resource(kind=kind, phases=phases, **extra)
    emu.control.clear_requests()
    seen = [status_of(kind, read(emu, kind, made["id"])) for dummy in range(3)]
    assert seen == [creating, ready, updated]
    entries = emu.control.requests(route=CASES[kind][6])
    assert len(entries) == 3 and all(e["status"] == 200 for e in entries)
    for entry in entries:
        assert model_problems(getattr(models, CASES[kind][5]), entry["response"], models) == []
    if kind == "rds_instance":
        gone = read(emu, kind, made["id"])
        assert gone.instances == [] and gone.total_count == 0
    else:
        with pytest.raises(core_exceptions.ClientRequestException) as raised:
            read(emu, kind, made["id"])
        assert raised.value.status_code == 404
    resource, = emu.control.resources(kind=kind)
    assert resource["statuses_shown"] == [creating, ready, updated, "absent"] and resource["absent"] is True


def test_a_server_created_by_create_servers_is_building_then_active(emu):
    """ECS create_servers places its servers: a create-then-wait on the server works."""
    _module, models = sdk("ecs_server")
    emu.control.config(batch_job_seconds=0)
    body = models.CreateServersRequestBody(server=models.PrePaidServer(
        image_ref="img", flavor_ref="s6.small.1", name="web", vpcid="vpc-1",
        nics=[models.PrePaidServerNic(subnet_id="subnet-1")],
        root_volume=models.PrePaidServerRootVolume(volumetype="SSD")))
    created = sdk_client(emu, "ecs_server").create_servers(models.CreateServersRequest(body=body))
    server_id, = created.server_ids
    assert status_of("ecs_server", read(emu, "ecs_server", server_id)) == "ACTIVE"
    entry, = emu.control.requests(route="ecs_server")
    assert entry["response"]["server"]["name"] == "web"
    assert model_problems(models.ShowServerResponse, entry["response"], models) == []


def test_a_resource_of_another_project_is_not_found(emu):
    made = emu.control.add_resource(kind="vpc", project_id="ap-southeast-1", phases=[{"status": "OK"}])
    with pytest.raises(core_exceptions.ClientRequestException) as raised:
        read(emu, "vpc", made["id"])
    assert raised.value.status_code == 404


def test_a_bad_resource_spec_is_refused_naming_the_key(emu):
    from tests.emulator.control import ControlError  # pylint: disable=import-outside-toplevel
    for spec, words in (({"kind": "vpc", "colour": "red"}, "colour"), ({"kind": "ship"}, "kind must be one of"),
                        ({"kind": "cce_node"}, "cluster_id"),
                        ({"kind": "vpc", "phases": [{"status": "OK"}, {"absent": True}]}, "for_seconds or for_polls")):
        with pytest.raises(ControlError) as raised:
            emu.control.add_resource(**spec)
        assert raised.value.status == 400 and words in raised.value.body["error_msg"]
