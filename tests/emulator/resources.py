# -*- coding: utf-8 -*-
"""Resources that start no job: each lives through phases of raw statuses (creating, ready, updated, deleting) on the
emulator's clock or by polls, as jobs and orders do, and is then gone (its service's not-found answer; RDS's instance
list answers an empty list).

Every answer is the vendor SDK's model (the contract; tests/integration/test_sdk_conformance_resources.py reads each
with the SDK's client and checks no key is unknown to its model):

- ECS server, ``GET /v1/{project_id}/cloudservers/{server_id}``: huaweicloudsdkecs ShowServerResponse {server: ServerDetail}
- EVS volume, ``GET /v2/{project_id}/cloudvolumes/{volume_id}`` (the SDK's ShowVolume) and the Cinder path
  ``GET /v2/{project_id}/volumes/{volume_id}`` the collection's table reads: ShowVolumeResponse {volume: VolumeDetail}
- RDS instance, ``GET /v3/{project_id}/instances?id=``: huaweicloudsdkrds ListInstancesResponse {instances, total_count}
- CCE cluster and node, ``GET /api/v3/projects/{project_id}/clusters/{cluster_id}[/nodes/{node_id}]``:
  huaweicloudsdkcce ShowClusterResponse / ShowNodeResponse {kind, apiVersion, metadata, spec, status}
- VPC, subnet, EIP, ``GET /v1/{project_id}/vpcs|subnets|publicips/{id}``: huaweicloudsdkvpc v2 ShowVpcResponse,
  ShowSubnetResponse, huaweicloudsdkeip v2 ShowPublicipResponse
- ELB load balancer, ``GET /v3/{project_id}/elb/loadbalancers/{loadbalancer_id}``: huaweicloudsdkelb v3 ShowLoadBalancerResponse
- DCS instance, ``GET /v2/{project_id}/instances/{instance_id}``: huaweicloudsdkdcs ShowInstanceResponse (at the top level)
- NAT gateway, ``GET /v2/{project_id}/nat_gateways/{nat_gateway_id}``: huaweicloudsdknat v2 ShowNatGatewayResponse
  (no table entry: the play declares it)

A resource is added through the control API (``POST /_emulator/resources``) with its phases, or placed by a start call
the emulator answers (ECS create_servers places its servers: BUILD, then ACTIVE after ``batch_job_seconds``). Its life
can be given new phases from now on (``POST /_emulator/resources/{id}/phases``: a stop, an update, a deletion).
A phase is ``{status, for_seconds | for_polls}`` or ``{absent: true, ...}`` (gone: the service's not-found answer).

`App` takes the handlers as a mixin (route name = method name), as orders.py's; the routes are added to server.py's
after orders.py's, so that ``GET /v1/{project_id}/cloudservers/detail`` (the ECS list) keeps matching first.
"""

import uuid

from . import state as st

ROUTES = [
    ("GET", r"/v1/(?P<project_id>[^/]+)/cloudservers/(?P<server_id>[^/]+)", "ecs_server", "ecs"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/cloudvolumes/(?P<volume_id>[^/]+)", "evs_cloudvolume", "evs"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/volumes/(?P<volume_id>[^/]+)", "evs_volume", "evs"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/instances", "rds_instances", "rds"),
    ("GET", r"/api/v3/projects/(?P<project_id>[^/]+)/clusters/(?P<cluster_id>[^/]+)", "cce_cluster", "cce"),
    ("GET", r"/api/v3/projects/(?P<project_id>[^/]+)/clusters/(?P<cluster_id>[^/]+)/nodes/(?P<node_id>[^/]+)", "cce_node", "cce"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/vpcs/(?P<vpc_id>[^/]+)", "vpc_vpc", "vpc"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/subnets/(?P<subnet_id>[^/]+)", "vpc_subnet", "vpc"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/publicips/(?P<publicip_id>[^/]+)", "vpc_publicip", "vpc"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/elb/loadbalancers/(?P<loadbalancer_id>[^/]+)", "elb_loadbalancer", "elb"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/nat_gateways/(?P<nat_gateway_id>[^/]+)", "nat_gateway", "nat"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/instances/(?P<instance_id>[^/]+)", "dcs_instance", "dcs"),
]
CONTROL_ROUTES = [
    ("GET", r"resources", "list_resources"),
    ("POST", r"resources", "add_resources"),
    ("POST", r"resources/(?P<resource_id>[^/]+)/phases", "resource_phases"),
]

# kind -> (service, the statuses of its default life: creating, then ready)
KINDS = {
    "ecs_server": ("ecs", "BUILD", "ACTIVE"),
    "evs_volume": ("evs", "creating", "available"),
    "rds_instance": ("rds", "BUILD", "ACTIVE"),
    "cce_cluster": ("cce", "Creating", "Available"),
    "cce_node": ("cce", "Installing", "Active"),
    "vpc": ("vpc", "CREATING", "OK"),
    "vpc_subnet": ("vpc", "UNKNOWN", "ACTIVE"),
    "vpc_publicip": ("vpc", "PENDING_CREATE", "DOWN"),
    "elb_loadbalancer": ("elb", "PENDING_CREATE", "ACTIVE"),
    "nat_gateway": ("nat", "PENDING_CREATE", "ACTIVE"),
    "dcs_instance": ("dcs", "CREATING", "RUNNING"),
}
RESOURCE_KEYS = frozenset(["kind", "id", "name", "project_id", "phases", "cluster_id", "fields"])

# Each service's not-found answer for a resource: (HTTP status, body). ECS's Ecs.0114 is the code the vendor's ECS
# answers for a server that does not exist (the code Terraform's provider reads as gone); the others are the
# emulator's own codes in each service's error shape (the SDKs publish none): the collection decides on the 404.
NOT_FOUND = {
    "ecs_server": (404, {"error": {"code": "Ecs.0114", "message": "Instance could not be found."}}),
    "evs_volume": (404, {"error": {"code": "EVS.0404", "message": "The volume could not be found."}}),
    "cce_cluster": (404, {"error_code": "CCE.01404001", "error_msg": "Resource not found: the cluster does not exist."}),
    "cce_node": (404, {"error_code": "CCE.01404001", "error_msg": "Resource not found: the node does not exist."}),
    "vpc": (404, {"code": "VPC.0202", "message": "The VPC does not exist."}),
    "vpc_subnet": (404, {"code": "VPC.0302", "message": "The subnet does not exist."}),
    "vpc_publicip": (404, {"code": "VPC.0504", "message": "The EIP does not exist."}),
    "elb_loadbalancer": (404, {"error_code": "ELB.8902", "error_msg": "The load balancer does not exist."}),
    "nat_gateway": (404, {"error_code": "NAT.0404", "error_msg": "The NAT gateway does not exist."}),
    "dcs_instance": (404, {"error_code": "DCS.4404", "error_msg": "The DCS instance does not exist."}),
}


def _phases(raw, kind):
    if raw is None:
        creating, ready = KINDS[kind][1], KINDS[kind][2]
        raw = [{"status": creating, "for_polls": 1}, {"status": ready}]
    if not isinstance(raw, list) or not raw:
        raise st.SpecError("phases must be a non-empty list of {status | absent: true, for_seconds | for_polls}")
    phases = []
    for position, item in enumerate(raw):
        if not isinstance(item, dict):
            raise st.SpecError("phase %d must be an object" % position)
        unknown = set(item) - {"status", "absent", "for_seconds", "for_polls"}
        if unknown:
            raise st.SpecError("phase %d: unknown keys %s" % (position, sorted(unknown)))
        absent = item.get("absent") is True
        if absent == ("status" in item) or (not absent and not isinstance(item["status"], str)):
            raise st.SpecError("phase %d needs a status (a string) or absent: true, not both" % position)
        phase = st.Phase(None if absent else item["status"], st._number(item, "for_seconds"), st._number(item, "for_polls"))  # pylint: disable=protected-access
        if not phase.bounded and position < len(raw) - 1:
            raise st.SpecError("phase %d needs for_seconds or for_polls (only the last phase lasts forever)" % position)
        phases.append(phase)
    return phases


class Resource:
    def __init__(self, spec, now):
        unknown = set(spec) - RESOURCE_KEYS
        if unknown:
            raise st.SpecError("unknown resource keys %s (allowed: %s)" % (sorted(unknown), sorted(RESOURCE_KEYS)))
        self.kind = spec.get("kind")
        if self.kind not in KINDS:
            raise st.SpecError("kind must be one of %s, got %r" % (sorted(KINDS), self.kind))
        self.resource_id = spec.get("id") or str(uuid.uuid4())
        if not isinstance(self.resource_id, str):
            raise st.SpecError("id must be a string")
        self.name = spec.get("name") or "%s-%s" % (self.kind.split("_")[-1], self.resource_id[:8])
        self.project_id = st.region_project(spec.get("project_id") or st.DEFAULT_REGION)
        if self.project_id is None:
            raise st.SpecError("project_id must be a region or a project id of the domain")
        self.cluster_id = spec.get("cluster_id")
        if (self.kind == "cce_node") != isinstance(self.cluster_id, str):
            raise st.SpecError("cluster_id (a string) is for cce_node resources, and they need it")
        self.fields = st._dict_or_none(spec, "fields") or {}  # pylint: disable=protected-access
        self.life = st.Life(_phases(spec.get("phases"), self.kind), now)
        self.created = now
        self.updated = now
        self.statuses_shown = []
        self.last_status = None

    @property
    def service(self):
        return KINDS[self.kind][0]

    def status(self, now):
        status = self.life.advance(now).status
        if status != self.last_status:
            self.last_status = status
            self.updated = now
        return status

    def poll(self, now):
        status = self.status(now)
        self.life.poll(now)
        self.statuses_shown.append("absent" if status is None else status)
        return status

    def relive(self, raw, now):
        self.life = st.Life(_phases(raw, self.kind), now)

    def summary(self, now):
        status = self.status(now)
        out = {"kind": self.kind, "service": self.service, "id": self.resource_id, "name": self.name,
               "project_id": self.project_id, "status": status, "absent": status is None,
               "statuses_shown": list(self.statuses_shown), "polls": len(self.statuses_shown)}
        if self.cluster_id:
            out["cluster_id"] = self.cluster_id
        return out

    # -- the SDK models ---------------------------------------------------------

    def body(self, status, now):
        render = getattr(self, "_" + self.kind)
        body = render(status, st.format_time(self.created, "iso"), st.format_time(self.updated, "iso"))
        return self._with_fields(body, self.fields)

    def _with_fields(self, body, fields):
        """The answer with ``fields`` set in its resource's object ("__absent__" drops one: a status missing)."""
        key = {"ecs_server": "server", "evs_volume": "volume", "vpc": "vpc", "vpc_subnet": "subnet",
               "vpc_publicip": "publicip", "elb_loadbalancer": "loadbalancer", "nat_gateway": "nat_gateway"}.get(self.kind)
        if not fields:
            return body
        if key:
            return dict(body, **{key: st.merged(body[key], fields)})
        return st.merged(body, fields)

    def _ecs_server(self, status, created, updated):
        """ServerDetail (huaweicloudsdkecs)."""
        return {"server": {
            "id": self.resource_id, "name": self.name, "status": status, "created": created, "updated": updated,
            "tenant_id": self.project_id, "user_id": st.DOMAIN_ID, "addresses": {}, "metadata": {}, "tags": [],
            "progress": 100 if status == "ACTIVE" else 0, "flavor": {"id": "s6.small.1", "name": "s6.small.1"},
            "security_groups": [], "OS-EXT-AZ:availability_zone": "%sa" % (st.project_name(self.project_id) or st.DEFAULT_REGION),
            "locked": False, "description": "",
        }}

    def _evs_volume(self, status, created, updated):
        """VolumeDetail (huaweicloudsdkevs)."""
        return {"volume": {
            "id": self.resource_id, "name": self.name, "status": status, "size": 40, "volume_type": "SSD",
            "availability_zone": "%sa" % (st.project_name(self.project_id) or st.DEFAULT_REGION), "attachments": [],
            "bootable": "false", "multiattach": False, "shareable": "false", "encrypted": False, "metadata": {},
            "links": [], "created_at": created, "updated_at": updated, "user_id": st.DOMAIN_ID, "description": "",
        }}

    def _rds_instance(self, status, created, updated):
        """One InstanceResponse (huaweicloudsdkrds) in ListInstancesResponse."""
        return {"instances": [{
            "id": self.resource_id, "name": self.name, "status": status, "type": "Single", "port": 3306,
            "created": created, "updated": updated, "region": st.project_name(self.project_id) or st.DEFAULT_REGION,
            "private_ips": ["192.168.0.10"], "public_ips": [], "datastore": {"type": "MySQL", "version": "8.0"},
            "flavor_ref": "rds.mysql.n1.large.2", "db_user_name": "root", "enable_ssl": False,
            "vpc_id": "vpc-" + self.resource_id[:8], "subnet_id": "subnet-" + self.resource_id[:8],
            "enterprise_project_id": "0", "time_zone": "UTC",
        }], "total_count": 1}

    def _cce_cluster(self, status, created, updated):
        """ShowClusterResponse (huaweicloudsdkcce)."""
        return {"kind": "Cluster", "apiVersion": "v3",
                "metadata": {"name": self.name, "uid": self.resource_id, "creationTimestamp": created,
                             "updateTimestamp": updated},
                "spec": {"type": "VirtualMachine", "flavor": "cce.s1.small", "version": "v1.28",
                         "description": ""},
                "status": {"phase": status}}

    def _cce_node(self, status, created, updated):
        """ShowNodeResponse (huaweicloudsdkcce)."""
        return {"kind": "Node", "apiVersion": "v3",
                "metadata": {"name": self.name, "uid": self.resource_id, "creationTimestamp": created,
                             "updateTimestamp": updated},
                "spec": {"flavor": "c7.large.2", "az": "%sa" % (st.project_name(self.project_id) or st.DEFAULT_REGION)},
                "status": {"phase": status, "privateIP": "192.168.0.20"}}

    def _vpc(self, status, created, updated):
        """Vpc (huaweicloudsdkvpc v2)."""
        return {"vpc": {"id": self.resource_id, "name": self.name, "cidr": "192.168.0.0/16", "description": "",
                        "routes": [], "status": status, "enterprise_project_id": "0", "tenant_id": self.project_id,
                        "created_at": created, "updated_at": updated}}

    def _vpc_subnet(self, status, created, updated):
        """Subnet (huaweicloudsdkvpc v2)."""
        return {"subnet": {"id": self.resource_id, "name": self.name, "description": "", "cidr": "192.168.0.0/24",
                           "gateway_ip": "192.168.0.1", "ipv6_enable": False, "dhcp_enable": True,
                           "primary_dns": "100.125.1.250", "dnsList": ["100.125.1.250"],
                           "availability_zone": "", "vpc_id": "vpc-" + self.resource_id[:8], "status": status,
                           "neutron_network_id": self.resource_id, "neutron_subnet_id": str(uuid.uuid5(uuid.NAMESPACE_OID, self.resource_id)),
                           "extra_dhcp_opts": [], "tenant_id": self.project_id, "created_at": created, "updated_at": updated}}

    def _vpc_publicip(self, status, created, _updated):
        """PublicipShowResp (huaweicloudsdkeip v2)."""
        return {"publicip": {"id": self.resource_id, "status": status, "type": "5_bgp", "public_ip_address": "100.64.0.10",
                             "ip_version": 4, "bandwidth_id": "bw-" + self.resource_id[:8], "bandwidth_name": self.name,
                             "bandwidth_share_type": "PER", "bandwidth_size": 5, "create_time": created.replace("T", " ").rstrip("Z"),
                             "tenant_id": self.project_id, "enterprise_project_id": "0", "alias": self.name, "tags": []}}

    def _elb_loadbalancer(self, status, created, updated):
        """LoadBalancer (huaweicloudsdkelb v3) in ShowLoadBalancerResponse."""
        return {"request_id": uuid.uuid4().hex, "loadbalancer": {
            "id": self.resource_id, "name": self.name, "description": "", "provisioning_status": status,
            "operating_status": "ONLINE", "admin_state_up": True, "provider": "vlb", "project_id": self.project_id,
            "vip_address": "192.168.0.30", "vip_subnet_cidr_id": "subnet-" + self.resource_id[:8],
            "vpc_id": "vpc-" + self.resource_id[:8], "listeners": [], "pools": [], "tags": [], "eips": [],
            "availability_zone_list": ["%sa" % (st.project_name(self.project_id) or st.DEFAULT_REGION)],
            "guaranteed": True, "created_at": created, "updated_at": updated, "enterprise_project_id": "0",
        }}

    def _nat_gateway(self, status, created, _updated):
        """NatGatewayResponseBody (huaweicloudsdknat v2)."""
        return {"nat_gateway": {"id": self.resource_id, "tenant_id": self.project_id, "name": self.name, "description": "",
                                "spec": "1", "status": status, "admin_state_up": True,
                                "created_at": created.replace("T", " ").rstrip("Z") + ".000000",
                                "router_id": "vpc-" + self.resource_id[:8], "internal_network_id": "net-" + self.resource_id[:8],
                                "enterprise_project_id": "0"}}

    def _dcs_instance(self, status, created, _updated):
        """ShowInstanceResponse (huaweicloudsdkdcs v2): the instance at the top level."""
        return {"instance_id": self.resource_id, "name": self.name, "status": status, "engine": "Redis",
                "engine_version": "5.0", "capacity": 1, "max_memory": 1024, "used_memory": 0, "ip": "192.168.0.40",
                "port": 6379, "domain_name": "redis-%s.dcs.huaweicloud.com" % self.resource_id[:8],
                "vpc_id": "vpc-" + self.resource_id[:8], "subnet_id": "subnet-" + self.resource_id[:8],
                "spec_code": "redis.ha.xu1.tiny.r2.1", "charging_mode": 0, "no_password_access": "false",
                "enable_ssl": False, "created_at": created, "user_id": st.DOMAIN_ID, "user_name": st.DOMAIN_NAME,
                "description": "", "az_codes": ["%sa" % (st.project_name(self.project_id) or st.DEFAULT_REGION)]}


class ResourceCalls:
    """The resource handlers of App (a mixin: it uses App's state)."""

    @property
    def resource_store(self):
        if not hasattr(self.state, "resources_store"):
            self.state.resources_store = {}
        return self.state.resources_store

    def place_resources(self, kind, project_id, ids, name):
        """Resources a start call made: creating for batch_job_seconds, then ready (ECS create_servers)."""
        creating, ready = KINDS[kind][1], KINDS[kind][2]
        seconds = self.state.config["batch_job_seconds"]
        with self.state.lock:
            now = self.state.now()
            for position, resource_id in enumerate(ids):
                shown = name if len(ids) == 1 else "%s-%04d" % (name, position + 1)
                self.resource_store[resource_id] = Resource(
                    {"kind": kind, "id": resource_id, "name": shown, "project_id": project_id,
                     "phases": [{"status": creating, "for_seconds": seconds}, {"status": ready}]}, now)

    def _show(self, kind, request, resource_id, gone=None):
        """The resource's SDK model body, or its service's not-found answer (``gone``, when given)."""
        from .server import Response
        with self.state.lock:
            resource = self.resource_store.get(resource_id)
            if resource is not None and (resource.kind != kind or resource.project_id != request.params["project_id"]
                                         or (kind == "cce_node" and resource.cluster_id != request.params["cluster_id"])):
                resource = None
            now = self.state.now()
            status = resource.poll(now) if resource is not None else None
            if status is not None:
                return Response(200, resource.body(status, now))
        if gone is not None:
            return Response(200, gone)
        code, body = NOT_FOUND[kind]
        return Response(code, dict(body))

    def ecs_server(self, request):
        return self._show("ecs_server", request, request.params["server_id"])

    def evs_cloudvolume(self, request):
        return self._show("evs_volume", request, request.params["volume_id"])

    def evs_volume(self, request):
        return self._show("evs_volume", request, request.params["volume_id"])

    def rds_instances(self, request):
        """ListInstances filtered by id: the instance, or an empty list when there is none (gone)."""
        ids = request.query_values().get("id") or [""]
        return self._show("rds_instance", request, ids[0], gone={"instances": [], "total_count": 0})

    def cce_cluster(self, request):
        return self._show("cce_cluster", request, request.params["cluster_id"])

    def cce_node(self, request):
        return self._show("cce_node", request, request.params["node_id"])

    def vpc_vpc(self, request):
        return self._show("vpc", request, request.params["vpc_id"])

    def vpc_subnet(self, request):
        return self._show("vpc_subnet", request, request.params["subnet_id"])

    def vpc_publicip(self, request):
        return self._show("vpc_publicip", request, request.params["publicip_id"])

    def elb_loadbalancer(self, request):
        return self._show("elb_loadbalancer", request, request.params["loadbalancer_id"])

    def nat_gateway(self, request):
        return self._show("nat_gateway", request, request.params["nat_gateway_id"])

    def dcs_instance(self, request):
        return self._show("dcs_instance", request, request.params["instance_id"])

    # -- control --------------------------------------------------------------

    def control_list_resources(self, request):
        from .server import Response
        kind = request.query_values().get("kind", [None])[0]
        with self.state.lock:
            now = self.state.now()
            return Response(200, {"resources": [r.summary(now) for r in self.resource_store.values() if kind in (None, r.kind)]})

    def control_add_resources(self, request):
        from .server import Response, _json_body
        body = _json_body(request)
        specs = body.get("resources") if isinstance(body, dict) and "resources" in body else [body]
        if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
            raise st.SpecError("send a resource spec or {\"resources\": [...]}")
        with self.state.lock:
            now = self.state.now()
            made = []
            for position, spec in enumerate(specs):
                try:
                    made.append(Resource(spec, now))
                except st.SpecError as exc:
                    raise st.SpecError("resource %d: %s" % (position, exc)) from exc
            for resource in made:
                self.resource_store[resource.resource_id] = resource
            return Response(201, {"resources": [r.summary(now) for r in made]})

    def control_resource_phases(self, request, resource_id):
        """New phases for a resource, from now on (a stop, an update, a deletion)."""
        from .server import Response, _json_body, error
        body = _json_body(request)
        with self.state.lock:
            resource = self.resource_store.get(resource_id)
            if resource is None:
                return error(404, "EMULATOR.NOT_FOUND", "no resource %s" % resource_id)
            if not isinstance(body, dict) or set(body) != {"phases"}:
                raise st.SpecError("send {\"phases\": [...]}")
            now = self.state.now()
            resource.relive(body["phases"], now)
            return Response(200, resource.summary(now))
