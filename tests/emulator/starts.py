# -*- coding: utf-8 -*-
"""Start calls: the calls users run most to start jobs, answered as the vendor SDK's response models.

Each creates the job (or jobs) its query side then serves: running for
`batch_job_seconds`, then succeeded; with sub-jobs (one per server, volume,
node or desktop) finishing one by one. `POST /_emulator/start-failures`
queues a failure for the next start call of a service: the sub-job (or, for
CPH and KooPhone, the job) at `index` fails with the given error.

`App` takes the handlers as a mixin (route name = method name); the routes are
added to server.py's tables. CPH's two start calls stay in server.py and take
the queued failures too.
"""

import uuid

from . import state as st

# (method, path pattern, route name, service), as server.ROUTES; paths and methods from the vendor SDKs' clients.
ROUTES = [
    ("POST", r"/v1(?:\.1)?/(?P<project_id>[^/]+)/cloudservers", "ecs_create_servers", "ecs"),
    ("POST", r"/v1/(?P<project_id>[^/]+)/cloudservers/action", "ecs_server_action", "ecs"),
    ("POST", r"/v2(?:\.1)?/(?P<project_id>[^/]+)/cloudvolumes", "evs_create_volumes", "evs"),
    ("POST", r"/v2/cloudimages/action", "ims_create_image", "ims"),
    ("POST", r"/v1/(?P<project_id>[^/]+)/baremetalservers", "bms_create_servers", "bms"),
    ("PUT", r"/v2/(?P<project_id>[^/]+)/instances/(?P<instance_id>[^/]+)/async-swap", "dcs_async_swap", "dcs"),
    ("PUT", r"/v2/(?P<project_id>[^/]+)/instances/(?P<instance_id>[^/]+)/configs", "kafka_modify_configs", "kafka"),
    ("POST", r"/api/v3/projects/(?P<project_id>[^/]+)/clusters", "cce_create_cluster", "cce"),
    ("POST", r"/api/v3/projects/(?P<project_id>[^/]+)/clusters/(?P<cluster_id>[^/]+)/nodes", "cce_create_node", "cce"),
    ("POST", r"/v3/(?P<project_id>[^/]+)/instances", "rds_create_instance", "rds"),
    ("POST", r"/v2/(?P<project_id>[^/]+)/desktops", "workspace_create_desktops", "workspace"),
    ("POST", r"/v2/(?P<project_id>[^/]+)/firewall", "cfw_create_firewall", "cfw"),
    ("POST", r"/v1/instances/async-command", "koophone_async_command", "koophone"),
]
CONTROL_ROUTES = [
    ("GET", r"start-failures", "list_start_failures"),
    ("POST", r"start-failures", "add_start_failures"),
    ("DELETE", r"start-failures", "clear_start_failures"),
]
MAX_COUNT = 100
# ECS, EVS, IMS and BMS answer a bad request in the OpenStack shape; the codes are the emulator's.
BAD_REQUEST = {
    "ecs": ("Ecs.0005", True), "evs": ("EVS.2001", True), "ims": ("IMG.0001", True), "bms": ("BMS.0005", True),
    "dcs": ("DCS.4000", False), "cce": ("CCE.01400001", False), "rds": ("DBS.200001", False),
    "workspace": ("WKS.00010000", False), "cfw": ("CFW.00200001", False), "koophone": ("KOOPHONE.API.1000", False),
    "cph": ("CPS.0001", False), "kafka": ("DMS.00400000", False),
}
FAILURE_KEYS = frozenset(["service", "index", "error_code", "error_msg", "fail_reason"])


class BadStart(ValueError):
    pass


def check_failure(spec):
    if not isinstance(spec, dict):
        raise st.SpecError("a start failure must be an object")
    unknown = set(spec) - FAILURE_KEYS
    if unknown:
        raise st.SpecError("unknown start-failure keys %s (allowed: %s)" % (sorted(unknown), sorted(FAILURE_KEYS)))
    if spec.get("service") not in st.SERVICES:
        raise st.SpecError("service must be one of %s" % (list(st.SERVICES),))
    index = spec.get("index", 0)
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise st.SpecError("index must be an integer >= 0")
    return dict(spec, index=index)


def _count(value, where):
    value = 1 if value is None else value
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_COUNT:
        raise BadStart("%s must be an integer from 1 to %d" % (where, MAX_COUNT))
    return value


def _object(body, key):
    value = body.get(key) if isinstance(body, dict) else None
    if not isinstance(value, dict):
        raise BadStart("%s is required (an object)" % key)
    return value


def _name(obj, key="name"):
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise BadStart("%s is required" % key)
    return value


class StartCalls:
    """The start-call handlers of App (a mixin: it uses App's state)."""

    # -- queued failures (control API) --------------------------------------

    @property
    def start_failures(self):
        if not hasattr(self, "_start_failures"):
            self._start_failures = []
        return self._start_failures

    def control_list_start_failures(self, _request):
        from .server import Response
        return Response(200, {"start_failures": list(self.start_failures)})

    def control_add_start_failures(self, request):
        from .server import Response, _json_body
        body = _json_body(request)
        specs = body.get("start_failures") if isinstance(body, dict) and "start_failures" in body else [body]
        checked = [check_failure(spec) for spec in (specs if isinstance(specs, list) else [specs])]
        with self.state.lock:
            self.start_failures.extend(checked)
        return Response(201, {"start_failures": list(self.start_failures)})

    def control_clear_start_failures(self, _request):
        from .server import Response
        with self.state.lock:
            del self.start_failures[:]
        return Response(200, {"start_failures": []})

    def take_start_failure(self, service):
        with self.state.lock:
            for position, spec in enumerate(self.start_failures):
                if spec["service"] == service:
                    return self.start_failures.pop(position)
        return None

    # -- helpers ------------------------------------------------------------

    def _life(self):
        return {"state": "running", "then": "succeeded", "after_seconds": self.state.config["batch_job_seconds"]}

    def _failing(self, failure, fields=("error_code", "fail_reason")):
        life = dict(self._life(), then="failed")
        life.update((k, failure[k]) for k in fields if failure.get(k) is not None)
        return life

    def _start(self, request, service, make):
        """Run ``make(failure)`` -> (job specs, answer); create the jobs; answer 200, or 400 for a bad body."""
        from .server import Response, error
        try:
            specs, answer = make(self.take_start_failure(service))
        except BadStart as exc:
            code, nested = BAD_REQUEST[service]
            if nested:
                return Response(400, {"error": {"code": code, "message": "Invalid parameter: %s." % exc}})
            return error(400, code, "Invalid parameter: %s." % exc)
        project = request.params.get("project_id") or (request.principal.project_id if request.principal else None)
        for spec in specs:
            spec.setdefault("project_id", project or st.DEFAULT_REGION)
        self.state.add_jobs(specs)
        return Response(200, answer)

    def _parent_with_subs(self, service, subs, failure, **fields):
        """One job with a sub-job per resource (``subs``: sub-job specs); a queued failure fails the one at its index."""
        if failure is not None and failure["index"] < len(subs):
            subs[failure["index"]].update(self._failing(failure))
        return dict(self._life(), service=service, sub_jobs=subs, **fields)

    # -- the calls ----------------------------------------------------------

    def ecs_create_servers(self, request):
        """EcsClient.create_servers / create_post_paid_servers: {job_id, serverIds}; prepaid: {order_id, serverIds}, no job."""
        def make(failure):
            from .server import _json_body
            server = _object(_json_body(request), "server")
            _name(server)
            count = _count(server.get("count"), "server.count")
            ids = [str(uuid.uuid4()) for dummy in range(count)]
            extend = server.get("extendparam") if isinstance(server.get("extendparam"), dict) else {}
            project = request.params.get("project_id")
            self.record_servers(project, server["name"], ids)
            self.place_resources("ecs_server", project, ids, server["name"])  # BUILD, then ACTIVE (resources.py)
            if extend.get("chargingMode") in ("prePaid", 1, "1"):
                # A prepaid order for the servers: paid at once with isAutoPay, else waiting for payment (orders.py).
                order_id = self.place_order(project, ids, extend.get("isAutoPay") in ("true", True))
                return [], {"order_id": order_id, "serverIds": ids}
            job = self._parent_with_subs("ecs", [{"server_id": i} for i in ids], failure, server_id=ids[0])
            job["job_id"] = uuid.uuid4().hex
            return [job], {"job_id": job["job_id"], "serverIds": ids}
        return self._start(request, "ecs", make)

    def ecs_server_action(self, request):
        """EcsClient.batch_reboot_servers (also os-start, os-stop): {job_id}; a sub-job per server."""
        def make(failure):
            from .server import _json_body
            body = _json_body(request)
            action = next((k for k in ("reboot", "os-start", "os-stop") if isinstance(body, dict) and k in body), None)
            if action is None:
                raise BadStart("one of reboot, os-start, os-stop is required")
            servers = body[action].get("servers") if isinstance(body[action], dict) else None
            if not isinstance(servers, list) or not servers or not all(isinstance(s, dict) and isinstance(s.get("id"), str) for s in servers):
                raise BadStart("%s.servers must be a non-empty list of {\"id\": ...}" % action)
            types = {"reboot": ("batchRebootServer", "rebootServer"), "os-start": ("batchStartServer", "startServer"),
                     "os-stop": ("batchStopServer", "stopServer")}[action]
            subs = [{"server_id": s["id"], "job_type": types[1]} for s in servers]
            job = self._parent_with_subs("ecs", subs, failure, job_type=types[0], server_id=servers[0]["id"])
            job["job_id"] = uuid.uuid4().hex
            return [job], {"job_id": job["job_id"]}
        return self._start(request, "ecs", make)

    def evs_create_volumes(self, request):
        """EvsClient.create_volume: {job_id, volume_ids}; a sub-job per volume."""
        def make(failure):
            from .server import _json_body
            volume = _object(_json_body(request), "volume")
            count = _count(volume.get("count"), "volume.count")
            size = volume.get("size", 40)
            if isinstance(size, bool) or not isinstance(size, int) or not 10 <= size <= 32768:
                raise BadStart("volume.size must be an integer from 10 to 32768")
            ids = [str(uuid.uuid4()) for dummy in range(count)]
            subs = [{"volume_id": i, "size": size, "volume_type": volume.get("volume_type", "SSD"),
                     "name": volume.get("name", "volume")} for i in ids]
            job = self._parent_with_subs("evs", subs, failure, volume_id=ids[0])
            job["job_id"] = uuid.uuid4().hex
            return [job], {"job_id": job["job_id"], "volume_ids": ids}
        return self._start(request, "evs", make)

    def ims_create_image(self, request):
        """ImsClient.create_image: {job_id}; one job, the image's."""
        def make(failure):
            from .server import _json_body
            body = _json_body(request)
            if not isinstance(body, dict):
                raise BadStart("the body must be an object")
            name = _name(body)
            job = dict(self._life(), service="ims", image_name=name, image_id=str(uuid.uuid4()), job_id=uuid.uuid4().hex)
            if failure is not None:
                job.update(self._failing(failure))
            return [job], {"job_id": job["job_id"]}
        return self._start(request, "ims", make)

    def bms_create_servers(self, request):
        """BmsClient.create_bare_metal_servers: {job_id} (pay-per-use) or {order_id} (prepaid)."""
        def make(failure):
            from .server import _json_body
            server = _object(_json_body(request), "server")
            _name(server)
            count = _count(server.get("count"), "server.count")
            charging = (server.get("extendparam") or {}).get("chargingMode") if isinstance(server.get("extendparam"), dict) else None
            ids = [str(uuid.uuid4()) for dummy in range(count)]
            if charging in ("prePaid", 1, "1"):
                auto_pay = server["extendparam"].get("isAutoPay") in ("true", True)
                return [], {"order_id": self.place_order(request.params.get("project_id"), ids, auto_pay)}
            job = self._parent_with_subs("bms", [{"server_id": i} for i in ids], failure, server_id=ids[0])
            job["job_id"] = uuid.uuid4().hex
            return [job], {"job_id": job["job_id"]}
        return self._start(request, "bms", make)

    def dcs_async_swap(self, request):
        """DcsClient.change_master_standby_async: {job_id}."""
        def make(failure):
            job = dict(self._life(), service="dcs", job_id=uuid.uuid4().hex)
            if failure is not None:
                job.update(self._failing(failure, ("fail_reason",)))
            return [job], {"job_id": job["job_id"]}
        return self._start(request, "dcs", make)

    def kafka_modify_configs(self, request):
        """KafkaClient.modify_instance_configs (PUT /v2/{project_id}/instances/{instance_id}/configs):
        ModifyInstanceConfigsResponse {job_id, dynamic_config, static_config}, a background task of that instance."""
        def make(failure):
            from .server import _json_body
            body = _json_body(request)
            configs = body.get("kafka_configs") if isinstance(body, dict) else None
            if not isinstance(configs, list) or not configs:
                raise BadStart("kafka_configs is required")
            job = dict(self._life(), service="kafka", job_id=uuid.uuid4().hex, instance_id=request.params["instance_id"],
                       job_type="kafkaConfigModify")
            if failure is not None:
                job.update(self._failing(failure, ()))
            return [job], {"job_id": job["job_id"], "dynamic_config": len(configs), "static_config": 0}
        return self._start(request, "kafka", make)

    def cce_create_cluster(self, request):
        """CceClient.create_cluster: the Cluster, with status {phase: Creating, jobID}."""
        def make(failure):
            from .server import _json_body
            body = _json_body(request)
            metadata = _object(body, "metadata")
            name = _name(metadata)
            spec = _object(body, "spec")
            uid = str(uuid.uuid4())
            job = dict(self._life(), service="cce", job_id=str(uuid.uuid4()), cluster_id=uid, resource_id=uid, resource_name=name,
                       job_type="CreateCluster")
            if failure is not None:
                job.update(self._failing(failure, ("fail_reason",)))
            answer = {"kind": "Cluster", "apiVersion": "v3", "metadata": dict(metadata, uid=uid), "spec": spec,
                      "status": {"phase": "Creating", "jobID": job["job_id"]}}
            return [job], answer
        return self._start(request, "cce", make)

    def cce_create_node(self, request):
        """CceClient.create_node: the Node, with status {jobID}; a sub-job per node."""
        def make(failure):
            from .server import _json_body
            body = _json_body(request)
            metadata = _object(body, "metadata")
            spec = _object(body, "spec")
            count = _count(spec.get("count"), "spec.count")
            name = metadata.get("name") or "node"
            subs = [{"resource_id": str(uuid.uuid4()), "resource_name": "%s-%d" % (name, n), "job_type": "CreateNodeVM"}
                    for n in range(count)]
            job = self._parent_with_subs("cce", subs, failure, cluster_id=request.params["cluster_id"], job_type="CreateNode",
                                         resource_name=name)
            job["job_id"] = str(uuid.uuid4())
            answer = {"kind": "Node", "apiVersion": "v3", "metadata": dict(metadata, uid=subs[0]["resource_id"]), "spec": spec,
                      "status": {"jobID": job["job_id"]}}
            return [job], answer
        return self._start(request, "cce", make)

    def rds_create_instance(self, request):
        """RdsClient.create_instance: {instance: {id, name, status}, job_id}."""
        def make(failure):
            from .server import _json_body
            body = _json_body(request)
            if not isinstance(body, dict):
                raise BadStart("the body must be an object")
            name = _name(body)
            instance_id = uuid.uuid4().hex + "in01"
            job = dict(self._life(), service="rds", job_id=str(uuid.uuid4()), instance_id=instance_id, instance_name=name)
            if failure is not None:
                job.update(self._failing(failure, ("fail_reason",)))
            return [job], {"instance": {"id": instance_id, "name": name, "status": "BUILD"}, "job_id": job["job_id"]}
        return self._start(request, "rds", make)

    def workspace_create_desktops(self, request):
        """WorkspaceClient.create_desktop: {job_id}; a sub-job per desktop."""
        def make(failure):
            from .server import _json_body
            body = _json_body(request)
            desktops = body.get("desktops") if isinstance(body, dict) else None
            if not isinstance(desktops, list) or not desktops or not all(isinstance(d, dict) for d in desktops):
                raise BadStart("desktops must be a non-empty list of objects")
            _count(len(desktops), "the number of desktops")
            subs = [{"desktop_id": str(uuid.uuid4()), "desktop_name": d.get("computer_name") or "desktop-%d" % n,
                     "user_name": d.get("user_name") or "user%d" % n} for n, d in enumerate(desktops)]
            job = self._parent_with_subs("workspace", subs, failure)
            job["job_id"] = str(uuid.uuid4())
            return [job], {"job_id": job["job_id"]}
        return self._start(request, "workspace", make)

    def cfw_create_firewall(self, request):
        """CfwClient.create_firewall: {job_id}."""
        def make(failure):
            from .server import _json_body
            body = _json_body(request)
            if not isinstance(body, dict):
                raise BadStart("the body must be an object")
            _name(body)
            job = dict(self._life(), service="cfw", job_id=str(uuid.uuid4()))
            if failure is not None:
                job.update(then="failed")
            return [job], {"job_id": job["job_id"]}
        return self._start(request, "cfw", make)

    def koophone_async_command(self, request):
        """KooPhone Asynchronization Command: {error_code: "0", error_msg, data: {task_id, cmd_jobs: [{instance_id, job_id}]}}."""
        def make(failure):
            from .server import _json_body
            if request.header("x-request-id") is None:
                raise BadStart("the x-request-id header is required")
            body = _json_body(request)
            command = body.get("command") if isinstance(body, dict) else None
            instances = body.get("instance_ids") if isinstance(body, dict) else None
            if not isinstance(command, str) or not command:
                raise BadStart("command is required")
            if not isinstance(instances, list) or not instances or not all(isinstance(i, str) and i for i in instances):
                raise BadStart("instance_ids must be a non-empty list of strings")
            task_id = uuid.uuid4().hex
            jobs = []
            for n, instance in enumerate(instances):
                job = dict(self._life(), service="koophone", task_id=task_id, job_id=uuid.uuid4().hex,
                           execute_msg="command=%s; result=ok" % command)
                if failure is not None and failure["index"] == n:
                    job.update(self._failing(failure, ("error_code", "error_msg")))
                jobs.append(job)
            answer = {"error_code": "0", "error_msg": "ok", "data": {
                "task_id": task_id, "cmd_jobs": [{"instance_id": i, "job_id": j["job_id"]} for i, j in zip(instances, jobs)]}}
            return jobs, answer
        return self._start(request, "koophone", make)
