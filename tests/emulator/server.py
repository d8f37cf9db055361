# -*- coding: utf-8 -*-
"""HTTP front of the emulator: the cloud APIs, IAM and the control API.

`App.handle` is plain request -> response, testable without sockets;
`EmulatorServer` puts it on a ThreadingHTTPServer (HTTP/1.1, keep-alive).
"""

import copy
import errno
import json
import selectors
import socket
import ssl
import traceback
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

from . import auth
from . import faults as flt
from . import more_jobs
from . import orders
from . import resources
from . import starts
from . import state as st

JSON_TYPE = "application/json;charset=UTF-8"
CONTROL_PREFIX = "/_emulator/"
CPH_MAX_REQUEST_IDS = 20
EXECUTE_MSG_MAX_BYTES = 1024

NOT_FOUND = {
    "cph": (400, "CPS.0005", "Phone not found."),
    "workspace": (404, "WKS.00010002", "The job does not exist."),
    "cfw": (404, "CFW.00200004", "The job does not exist."),
    "dcs": (404, "DCS.4004", "The job does not exist."),
    "cce": (404, "CCE.01404001", "The job does not exist."),
    "rds": (404, "DBS.200404", "The job does not exist."),
    # Issue 23's (the codes are the emulator's; SFS Turbo answers them as errCode/errMsg: NOT_FOUND_SHAPE).
    "gaussdb": (404, "DBS.200404", "The job does not exist."),
    "taurusdb": (404, "DBS.200404", "The job does not exist."),
    "dds": (404, "DBS.200404", "The job does not exist."),
    "cbr": (404, "BackupService.6404", "The operation log does not exist."),
    "sfsturbo": (404, "SFS.TURBO.0404", "The job does not exist."),
    "elb": (404, "ELB.8904", "The job does not exist."),
    "dws": (404, "DWS.0404", "The job does not exist."),
    "dli": (404, "DLI.0404", "The job does not exist."),
    "sms": (404, "SMS.6404", "The task does not exist."),
    "geip": (404, "GEIP.0404", "The job does not exist."),
}
# The error keys a service's not-found answer uses, where they are not error_code/error_msg.
NOT_FOUND.update(more_jobs.NOT_FOUND)  # issue 23's parent-scoped services
NOT_FOUND_SHAPE = {"sfsturbo": ("errCode", "errMsg")}
# ECS, EVS, IMS and BMS answer errors in the OpenStack shape {"error": {"code", "message"}}.
NOT_FOUND_NESTED = {
    "ecs": (404, "Ecs.0004", "The job does not exist."),
    "evs": (404, "EVS.0004", "The job does not exist."),
    "ims": (404, "IMG.0004", "The job does not exist."),
    "bms": (404, "BMS.0004", "The job does not exist."),
    "sdrs": (404, "SDRS.0004", "The job does not exist."),
}

# (method, path pattern, route name, service); every cloud route but IAM's token call needs auth
ROUTES = [
    ("GET", r"/v1/(?P<project_id>[^/]+)/cloud-phone/jobs/(?P<job_id>[^/]+)", "cph_job", "cph"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/cloud-phone/jobs", "cph_jobs", "cph"),
    ("POST", r"/v1/(?P<project_id>[^/]+)/cloud-phone/phones/batch-restart", "cph_batch_restart", "cph"),
    ("POST", r"/v1/(?P<project_id>[^/]+)/cloud-phone/phones/batch-commands", "cph_batch_commands", "cph"),
    ("GET", r"/v1/instances/tasks/(?P<task_id>[^/]+)", "koophone_task", "koophone"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/workspace-jobs/(?P<job_id>[^/]+)", "workspace_job", "workspace"),
    ("POST", r"/v3/auth/tokens", "iam_tokens", "iam"),
    ("GET", r"/v3/projects", "iam_projects", "iam"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)", "cfw_job", "cfw"),
    # The same path on four hosts: the main listener serves whichever service has the job (see _route).
    ("GET", r"/v1/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)", "ecs_job", "ecs"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)", "evs_job", "evs"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)", "ims_job", "ims"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)", "bms_job", "bms"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)", "dcs_job", "dcs"),
    ("GET", r"/api/v3/projects/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)", "cce_job", "cce"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/jobs", "rds_job", "rds"),
    # Issue 23's. GaussDB, TaurusDB, DDS and GeminiDB share RDS's task call, SDRS ECS's job call (see _route).
    ("GET", r"/v3/(?P<project_id>[^/]+)/jobs", "gaussdb_job", "gaussdb"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/jobs", "taurusdb_job", "taurusdb"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/jobs", "geminidb_job", "geminidb"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/jobs", "dds_job", "dds"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)", "sdrs_job", "sdrs"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/operation-logs/(?P<operation_log_id>[^/]+)", "cbr_job", "cbr"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/sfs-turbo/jobs/(?P<job_id>[^/]+)", "sfsturbo_job", "sfsturbo"),
    ("GET", r"/v3/(?P<project_id>[^/]+)/elb/jobs/(?P<job_id>[^/]+)", "elb_job", "elb"),
    ("GET", r"/v1\.0/(?P<project_id>[^/]+)/job/(?P<job_id>[^/]+)", "dws_job", "dws"),
    ("GET", r"/v1\.0/(?P<project_id>[^/]+)/jobs/(?P<job_id>[^/]+)/status", "dli_job", "dli"),
    ("GET", r"/v3/tasks/(?P<task_id>[^/]+)", "sms_job", "sms"),
    ("GET", r"/v3/(?P<domain_id>[^/]+)/geip/jobs/(?P<job_id>[^/]+)", "geip_job", "geip"),
    # Issue 23's parent-scoped calls (more_jobs.serve); DMS's three services share one path.
    ("GET", r"/v2/(?P<project_id>[^/]+)/instances/(?P<instance_id>[^/]+)/tasks/(?P<task_id>[^/]+)", "kafka_job", "kafka"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/instances/(?P<instance_id>[^/]+)/tasks/(?P<task_id>[^/]+)", "rabbitmq_job", "rabbitmq"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/instances/(?P<instance_id>[^/]+)/tasks/(?P<task_id>[^/]+)", "rocketmq_job", "rocketmq"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/clusters/(?P<cluster_id>[^/]+)/job-executions/(?P<job_execution_id>[^/]+)", "mrs_job", "mrs"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/graphs/(?P<graph_id>[^/]+)/jobs/(?P<job_id>[^/]+)/status", "ges_job", "ges"),
    ("GET", r"/v2/(?P<project_id>[^/]+)/fgs/functions/(?P<function_urn>[^/]+)/async-invocations", "functiongraph_job",
     "functiongraph"),
]
ROUTES += starts.ROUTES  # the start calls of starts.py
ROUTES += orders.ROUTES  # BSS orders, the IAM domain lookup, the ECS server list (orders.py)
ROUTES += resources.ROUTES  # resources that start no job, after the ECS list (resources.py)
SHARED_JOB_ROUTES = dict(("%s_job" % service, service) for service in st.SHARED_JOB_PATH)
SHARED_QUERY_JOB_ROUTES = dict(("%s_job" % service, service) for service in st.SHARED_QUERY_JOB_PATH)
COMPILED_ROUTES = [(m, re.compile("^%s$" % p), name, service) for m, p, name, service in ROUTES]

CONTROL_ROUTES = [
    ("GET", r"health", "health"),
    ("GET", r"identity", "identity"),
    ("GET", r"config", "get_config"),
    ("POST", r"config", "set_config"),
    ("POST", r"reset", "reset"),
    ("GET", r"jobs", "list_jobs"),
    ("POST", r"jobs", "add_jobs"),
    ("GET", r"jobs/(?P<job_id>[^/]+)", "get_job"),
    ("DELETE", r"jobs/(?P<job_id>[^/]+)", "delete_job"),
    ("POST", r"tokens", "issue_token"),
    ("POST", r"tokens/expire", "expire_tokens"),
    ("GET", r"requests", "list_requests"),
    ("DELETE", r"requests", "clear_requests"),
    ("GET", r"x-request-ids", "x_request_ids"),
    ("GET", r"faults", "list_faults"),
    ("POST", r"faults", "add_faults"),
    ("DELETE", r"faults", "clear_faults"),
    ("GET", r"endpoints", "endpoints"),
    ("GET", r"clock", "get_clock"),
    ("POST", r"clock", "set_clock"),
]
CONTROL_ROUTES += starts.CONTROL_ROUTES
CONTROL_ROUTES += orders.CONTROL_ROUTES
CONTROL_ROUTES += resources.CONTROL_ROUTES
COMPILED_CONTROL = [(m, re.compile("^" + re.escape(CONTROL_PREFIX) + p + "$"), name) for m, p, name in CONTROL_ROUTES]


class Request:
    """What was received: raw path and query as sent, headers as (name, value) pairs."""

    def __init__(self, method, raw_path, query, headers, body):
        self.method = method
        self.raw_path = raw_path
        self.query = query
        self.headers = headers
        self.body = body
        self.params = {}
        self.request_id = uuid.uuid4().hex
        self.principal = None
        self.fault = None
        self.listener = None  # the service whose own listener received it; None for the main one

    def header(self, name):
        return auth.header(self.headers, name)

    def json(self):
        if not self.body:
            return None
        return json.loads(self.body.decode("utf-8"))

    def query_values(self):
        return parse_qs(self.query, keep_blank_values=True)


class Response:
    """A status, a JSON-able body (or raw text), extra headers; `drop` closes without answering."""

    def __init__(self, status, body=None, headers=None, raw=None, drop=False):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        self.raw = raw
        self.drop = drop

    def payload(self):
        if self.raw is not None:
            return self.raw.encode("utf-8")
        if self.body is None:
            return b""
        return json.dumps(self.body).encode("utf-8")

    def content_type(self):
        if self.raw is not None:
            return "text/html;charset=UTF-8"
        return JSON_TYPE if self.body is not None else None

    def error_code(self):
        body = self.body
        if not isinstance(body, dict):
            return None
        if body.get("error_code") not in (None, "0"):
            return body["error_code"]
        if isinstance(body.get("error"), dict):
            return str(body["error"].get("code"))
        return None


def error(status, code, message, request_id=None):
    body = {"error_code": code, "error_msg": message}
    if request_id:
        body["request_id"] = request_id
    return Response(status, body)


class App(starts.StartCalls, orders.OrderCalls, resources.ResourceCalls):
    """Routes requests to the cloud APIs and the control API.

    `before_response` is the seam for fault injection and throttling: a list of
    callables `hook(app, request, route_name)` run after routing and before
    authentication; the first one to return a Response answers the request
    (logged like any other). The control API's faults are the first hook.
    """

    def __init__(self, state=None):
        self.state = state or st.State()
        self.faults = flt.Faults(self.state.now)  # a rate limit counts on the emulated clock (freeze, advance)
        self.before_response = [self.faults.hook]
        self.endpoints = {}  # service -> URL of its own listener, filled in by EmulatorServer

    def handle(self, request):
        if request.raw_path.startswith(CONTROL_PREFIX) and request.listener is None:
            response = self._control(request)
            response.headers.setdefault("X-Request-Id", request.request_id)
            return response
        # A request still being answered when the log is reset or cleared (a fault's delay, a client that gave up)
        # is not logged into the next test's window.
        generation = self.state.generation
        route = self._route(request)
        response = None
        if route is None:
            response = error(404, "APIGW.0101", "The API does not exist or has not been published in the environment.", request.request_id)
        else:
            for hook in list(self.before_response):
                response = hook(self, request, route)
                if response is not None:
                    break
            if response is None:
                response = self._cloud(request, route)
        response.headers.setdefault("X-Request-Id", request.request_id)
        self._log(request, route, response, generation)
        return response

    # -- cloud ------------------------------------------------------------

    def _route(self, request):
        """The route name; a service's own listener knows only that service's routes and IAM's."""
        for method, pattern, name, service in COMPILED_ROUTES:
            if request.listener is not None and service not in (request.listener, "iam"):
                continue
            match = pattern.match(request.raw_path)
            if match and method == request.method:
                request.params = dict((k, unquote(v)) for k, v in match.groupdict().items())
                if request.listener is None and name in SHARED_JOB_ROUTES:
                    found = self.state.shared_job_service(st.SHARED_JOB_PATH, request.params["project_id"], request.params["job_id"])
                    name = "%s_job" % (found or st.SHARED_JOB_PATH[0])
                if request.listener is None and name in SHARED_QUERY_JOB_ROUTES:
                    ids = request.query_values().get("id") or [""]
                    found = self.state.shared_job_service(st.SHARED_QUERY_JOB_PATH, request.params["project_id"], ids[0])
                    name = "%s_job" % (found or st.SHARED_QUERY_JOB_PATH[0])
                return name
        return None

    def _cloud(self, request, route):
        if route == "koophone_task" and request.header("x-request-id") is not None:
            self.state.record_x_request_id(request.header("x-request-id"))
        if route == "iam_tokens":
            return self.iam_tokens(request)
        try:
            request.principal = auth.authenticate(self.state, request.method, request.raw_path, request.query, request.headers, request.body)
            if "project_id" in request.params:
                auth.authorize_project(request.principal, request.params["project_id"])
        except auth.AuthError as exc:
            return error(exc.status, exc.code, exc.message, request.request_id)
        return getattr(self, route)(request)

    def cph_job(self, request):
        answer = self.state.poll_job("cph", request.params["project_id"], request.params["job_id"])
        if answer is None:
            return error(*NOT_FOUND["cph"])
        return Response(200, answer)

    def cph_jobs(self, request):
        values = request.query_values()
        request_ids = []
        if values.get("request_id"):
            request_ids.append(values["request_id"][0])
        if values.get("request_ids"):
            request_ids.extend(i for i in values["request_ids"][0].split(",") if i)
        if not request_ids:
            return error(400, "CPS.0001", "Invalid parameter: request_id or request_ids is required.")
        if len(values.get("request_ids", [""])[0].split(",")) > CPH_MAX_REQUEST_IDS:
            return error(400, "CPS.0001", "Invalid parameter: request_ids takes at most %d ids." % CPH_MAX_REQUEST_IDS)
        offset = _int_param(values, "offset", 0, 0, None)
        limit = _int_param(values, "limit", 100, 1, 100)
        if offset is None or limit is None:
            return error(400, "CPS.0001", "Invalid parameter: offset must be an integer >= 0 and limit an integer from 1 to 100.")
        jobs, envelope = self.state.poll_group("cph", request.params["project_id"], request_ids, offset, limit)
        echo = values["request_id"][0] if values.get("request_id") else uuid.uuid4().hex
        return Response(200, st.merged({"request_id": echo, "jobs": jobs}, envelope))

    def cph_batch_restart(self, request):
        body = _json_body(request)
        phones = body.get("phones") if isinstance(body, dict) else None
        if not isinstance(phones, list) or not phones or not all(isinstance(p, dict) and isinstance(p.get("phone_id"), str) for p in phones):
            return error(400, "CPS.0001", "Invalid parameter: phones must be a non-empty list of {\"phone_id\": \"...\"}.")
        return self._start_cph_jobs(request, [p["phone_id"] for p in phones], None)

    def cph_batch_commands(self, request):
        body = _json_body(request)
        if not isinstance(body, dict) or not isinstance(body.get("command"), str) or not body["command"]:
            return error(400, "CPS.0001", "Invalid parameter: command is required.")
        phone_ids = body.get("phone_ids")
        if not isinstance(phone_ids, list) or not phone_ids or not all(isinstance(p, str) for p in phone_ids):
            return error(400, "CPS.0001", "Invalid parameter: phone_ids must be a non-empty list of strings.")
        message = "command=%s; content=%s; result=ok" % (body["command"], body.get("content", ""))
        message = message.encode("utf-8")[:EXECUTE_MSG_MAX_BYTES].decode("utf-8", "ignore")
        return self._start_cph_jobs(request, phone_ids, message)

    def _start_cph_jobs(self, request, phone_ids, execute_msg):
        request_id = uuid.uuid4().hex
        seconds = self.state.config["batch_job_seconds"]
        specs = []
        for phone_id in phone_ids:
            spec = {"service": "cph", "project_id": request.params["project_id"], "request_id": request_id,
                    "phone_id": phone_id, "state": "running", "then": "succeeded", "after_seconds": seconds}
            if execute_msg is not None:
                spec["execute_msg"] = execute_msg
            specs.append(spec)
        failure = self.take_start_failure("cph")
        if failure is not None and failure["index"] < len(specs):
            specs[failure["index"]].update(self._failing(failure, ("error_code", "error_msg")))
        jobs = self.state.add_jobs(specs)
        return Response(200, {"request_id": request_id, "jobs": [{"phone_id": p, "job_id": j["job_id"]} for p, j in zip(phone_ids, jobs)]})

    def koophone_task(self, request):
        if request.header("x-request-id") is None:
            return error(400, "KooPhone.API.1001", "Invalid request: the x-request-id header is required.")
        jobs, envelope = self.state.poll_group("koophone", None, [request.params["task_id"]])
        return Response(200, st.merged({"error_code": "0", "error_msg": "ok", "data": {"jobs": jobs}}, envelope))

    def workspace_job(self, request):
        answer = self.state.poll_job("workspace", request.params["project_id"], request.params["job_id"])
        if answer is None:
            return error(*NOT_FOUND["workspace"])
        return Response(200, answer)

    def cfw_job(self, request):
        answer = self.state.poll_job("cfw", request.params["project_id"], request.params["job_id"])
        if answer is None:
            return error(*NOT_FOUND["cfw"])
        return Response(200, st.merged({"data": answer}, self.state.job_envelope("cfw", request.params["job_id"])))

    def _beyond_seeds_job(self, service, request):
        answer = self.state.poll_job(service, request.params["project_id"], request.params["job_id"])
        if answer is None:
            if service in NOT_FOUND_NESTED:
                status, code, message = NOT_FOUND_NESTED[service]
                return Response(status, {"error": {"code": code, "message": message}})
            return error(*NOT_FOUND[service])
        return Response(200, answer)

    def ecs_job(self, request):
        return self._beyond_seeds_job("ecs", request)

    def evs_job(self, request):
        return self._beyond_seeds_job("evs", request)

    def ims_job(self, request):
        return self._beyond_seeds_job("ims", request)

    def bms_job(self, request):
        return self._beyond_seeds_job("bms", request)

    def dcs_job(self, request):
        return self._beyond_seeds_job("dcs", request)

    def cce_job(self, request):
        return self._beyond_seeds_job("cce", request)

    def rds_job(self, request):
        ids = request.query_values().get("id")
        if not ids or not ids[0]:
            return error(400, "DBS.200001", "Invalid parameter: id is required.")
        answer = self.state.poll_job("rds", request.params["project_id"], ids[0])
        if answer is None:
            return error(*NOT_FOUND["rds"])
        return Response(200, st.merged({"job": answer}, self.state.job_envelope("rds", ids[0])))

    # -- issue 23's services ---------------------------------------------------

    def _not_found(self, service):
        status, code, message = NOT_FOUND[service]
        code_key, msg_key = NOT_FOUND_SHAPE.get(service, ("error_code", "error_msg"))
        return Response(status, {code_key: code, msg_key: message})

    def _more_job(self, service, request, job_id, wrap=None):
        """One job of an issue-23 service: the answer (under ``wrap``), or the service's not-found answer."""
        answer = self.state.poll_job(service, request.params.get("project_id"), job_id) if job_id else None
        if answer is None:
            return self._not_found(service)
        body = {wrap: answer} if wrap else answer
        return Response(200, st.merged(body, self.state.job_envelope(service, job_id)))

    def _query_id(self, request):
        ids = request.query_values().get("id")
        return ids[0] if ids and ids[0] else None

    def gaussdb_job(self, request):
        if not self._query_id(request):
            return error(400, "DBS.200001", "Invalid parameter: id is required.")
        return self._more_job("gaussdb", request, self._query_id(request), "job")

    def taurusdb_job(self, request):
        if not self._query_id(request):
            return error(400, "DBS.200001", "Invalid parameter: id is required.")
        return self._more_job("taurusdb", request, self._query_id(request), "job")

    def dds_job(self, request):
        if not self._query_id(request):
            return error(400, "DBS.200001", "Invalid parameter: id is required.")
        return self._more_job("dds", request, self._query_id(request), "job")

    def geminidb_job(self, request):
        """GeminiDB's task list, filtered by id: an id it does not have lists nothing."""
        job_id = self._query_id(request)
        answer = self.state.poll_job("geminidb", request.params["project_id"], job_id) if job_id else None
        jobs = [answer] if answer is not None else []
        envelope = self.state.job_envelope("geminidb", job_id) if job_id else {}
        return Response(200, st.merged({"jobs": jobs, "total_count": len(jobs)}, envelope))

    def sdrs_job(self, request):
        return self._beyond_seeds_job("sdrs", request)

    def cbr_job(self, request):
        job_id = self.state.job_id_by("cbr", "operation_log_id", request.params["operation_log_id"])
        return self._more_job("cbr", request, job_id, "operation_log")

    def sfsturbo_job(self, request):
        return self._more_job("sfsturbo", request, request.params["job_id"])

    def elb_job(self, request):
        response = self._more_job("elb", request, request.params["job_id"], "job")
        if response.status == 200:
            response.body.setdefault("request_id", request.request_id)
        return response

    def dws_job(self, request):
        return self._more_job("dws", request, request.params["job_id"])

    def dli_job(self, request):
        return self._more_job("dli", request, request.params["job_id"])

    def sms_job(self, request):
        return self._more_job("sms", request, self.state.job_id_by("sms", "task_id", request.params["task_id"]))

    def geip_job(self, request):
        if request.params["domain_id"] != st.DOMAIN_ID:
            return error(403, "GEIP.0403", "The domain id in the path is not the caller's.", request.request_id)
        response = self._more_job("geip", request, request.params["job_id"], "job")
        if response.status == 200:
            response.body.setdefault("request_id", request.request_id)
        return response

    def _parent_scoped(self, service, request):
        answer = more_jobs.serve(self, request, service)
        return Response(*answer) if answer is not None else self._not_found(service)

    def kafka_job(self, request):
        return self._parent_scoped("kafka", request)

    def rabbitmq_job(self, request):
        return self._parent_scoped("rabbitmq", request)

    def rocketmq_job(self, request):
        return self._parent_scoped("rocketmq", request)

    def mrs_job(self, request):
        return self._parent_scoped("mrs", request)

    def ges_job(self, request):
        return self._parent_scoped("ges", request)

    def functiongraph_job(self, request):
        return self._parent_scoped("functiongraph", request)

    def iam_domains(self, request):
        """IAM's KeystoneListAuthDomains: the account's one domain (a domain-scoped call's, BSS's and Global EIP's)."""
        host = request.header("Host") or "localhost"
        return Response(200, {"domains": [{"id": st.DOMAIN_ID, "name": st.DOMAIN_NAME, "enabled": True, "description": "",
                                           "links": {"self": "http://%s/v3/domains/%s" % (host, st.DOMAIN_ID)}}],
                              "links": {"self": "http://%s/v3/auth/domains" % host, "previous": None, "next": None}})

    def iam_tokens(self, request):
        try:
            body = request.json()
        except ValueError:
            body = None
        try:
            record, token_body = auth.password_login(self.state, body)
        except auth.IamError as exc:
            return Response(exc.status, exc.body())
        request.principal = auth.Principal("password")
        return Response(201, token_body, {"X-Subject-Token": record["token"]})

    def iam_projects(self, request):
        names = request.query_values().get("name")
        host = request.header("Host") or "localhost"
        projects = []
        for name, project_id in sorted(st.PROJECTS.items()):
            if names and name != names[0]:
                continue
            projects.append({"id": project_id, "name": name, "domain_id": st.DOMAIN_ID, "enabled": True, "description": "",
                             "is_domain": False, "parent_id": st.DOMAIN_ID,
                             "links": {"self": "http://%s/v3/projects/%s" % (host, project_id)}})
        links = {"self": "http://%s/v3/projects" % host, "previous": None, "next": None}
        return Response(200, {"projects": projects, "links": links})

    @staticmethod
    def fault_response(fault, request):
        """The answer of a fired fault."""
        if fault.spec.get("drop"):
            return Response(0, drop=True)
        headers = dict(fault.spec.get("headers") or {})
        if fault.spec.get("body") is not None:
            return Response(fault.status, headers=headers, raw=str(fault.spec["body"]))
        if fault.status == 429:
            code, message = flt.throttle_error(fault)
        elif fault.status >= 500 and request.raw_path.startswith("/v1/") and "/cloud-phone/" in request.raw_path:
            code, message = "CPS.0003", "Internal error."
        else:
            code, message = "EMULATOR.FAULT", "Injected fault (status %d)." % fault.status
        body = {"error_code": fault.spec.get("error_code", code), "error_msg": fault.spec.get("error_msg", message)}
        if body["error_code"].startswith("APIGW."):
            body["request_id"] = request.request_id
        return Response(fault.status, body, headers)

    def _log(self, request, route, response, generation):
        headers = {}
        for name, value in request.headers:
            headers[name] = value if name not in headers else headers[name] + ", " + value
        self.state.log_request({
            "time": st.format_time(self.state.real_now(), "iso_fraction"),
            "method": request.method,
            "path": request.raw_path,
            "query": request.query,
            "headers": headers,
            "body": request.body.decode("utf-8", "replace"),
            "route": route,
            "auth": request.principal.kind if request.principal else None,
            "status": response.status if not response.drop else None,
            "error_code": response.error_code(),
            "fault": request.fault,
            "request_id": response.headers.get("X-Request-Id"),
            "service_listener": request.listener,
            "response": copy.deepcopy(response.body) if response.raw is None else response.raw,
        }, generation)

    # -- control ------------------------------------------------------------

    def _control(self, request):
        for method, pattern, name in COMPILED_CONTROL:
            match = pattern.match(request.raw_path)
            if match and method == request.method:
                params = dict((k, unquote(v)) for k, v in match.groupdict().items())
                try:
                    return getattr(self, "control_" + name)(request, **params)
                except (st.SpecError, flt.FaultError) as exc:
                    return error(400, "EMULATOR.0400", str(exc))
                except ValueError as exc:
                    return error(400, "EMULATOR.0400", "the body is not valid JSON: %s" % exc)
        return error(404, "EMULATOR.0404", "no control endpoint %s %s" % (request.method, request.raw_path))

    @staticmethod
    def control_health(_request):
        return Response(200, {"ok": True})

    @staticmethod
    def control_identity(_request):
        return Response(200, st.identity())

    def control_get_config(self, _request):
        return Response(200, dict(self.state.config))

    def control_set_config(self, request):
        body = request.json() or {}
        if not isinstance(body, dict):
            raise st.SpecError("config must be an object")
        return Response(200, self.state.set_config(body))

    def control_reset(self, _request):
        self.state.reset()
        self.faults.reset()
        self.control_clear_start_failures(_request)
        self.order_store.clear()
        self.resource_store.clear()
        return Response(200, {"ok": True})

    def control_list_jobs(self, request):
        service = request.query_values().get("service", [None])[0]
        return Response(200, {"jobs": self.state.list_jobs(service)})

    def control_add_jobs(self, request):
        body = request.json()
        if isinstance(body, dict) and "jobs" in body and "service" not in body:
            specs = body["jobs"]
            if not isinstance(specs, list):
                raise st.SpecError("jobs must be a list")
        elif isinstance(body, dict):
            specs = [body]
        else:
            raise st.SpecError("send a job spec or {\"jobs\": [...]}")
        return Response(201, {"jobs": self.state.add_jobs(specs)})

    def control_get_job(self, _request, job_id):
        summary = self.state.get_job_summary(job_id)
        if summary is None:
            return error(404, "EMULATOR.0404", "no job %s" % job_id)
        return Response(200, summary)

    def control_delete_job(self, request, job_id):
        service = request.query_values().get("service", [None])[0]
        if not self.state.delete_job(job_id, service):
            return error(404, "EMULATOR.0404", "no job %s" % job_id)
        return Response(200, {"deleted": job_id})

    def control_issue_token(self, request):
        body = request.json() or {}
        if not isinstance(body, dict):
            raise st.SpecError("the token request must be an object")
        expires_in = body.get("expires_in")
        if expires_in is not None and (isinstance(expires_in, bool) or not isinstance(expires_in, (int, float))):
            raise st.SpecError("expires_in must be a number of seconds")
        scope = body.get("scope", "project")
        if scope not in ("project", "domain", "unscoped"):
            raise st.SpecError("scope must be project, domain or unscoped")
        project_id = None
        if scope == "project":
            project_id = st.region_project(body.get("project") or st.DEFAULT_REGION)
            if project_id is None:
                raise st.SpecError("project %r is neither a region nor a project id of the domain" % body.get("project"))
        record = self.state.issue_token(project_id=project_id, domain_scoped=scope == "domain", expires_in=expires_in, methods=("token",))
        return Response(201, {"token": record["token"], "project_id": project_id, "expires_at": st.iam_time(record["expires_at"])})

    def control_expire_tokens(self, _request):
        return Response(200, {"expired": self.state.expire_tokens()})

    def control_list_requests(self, _request):
        return Response(200, {"requests": self.state.request_log()})

    def control_clear_requests(self, _request):
        self.state.clear_requests()
        return Response(200, {"ok": True})

    def control_x_request_ids(self, _request):
        return Response(200, self.state.x_request_id_report())

    def control_list_faults(self, _request):
        return Response(200, {"faults": self.faults.list()})

    def control_add_faults(self, request):
        body = request.json()
        if isinstance(body, dict) and isinstance(body.get("faults"), list):
            specs = body["faults"]
        elif isinstance(body, dict):
            specs = [body]
        else:
            raise flt.FaultError("send a fault spec or {\"faults\": [...]}")
        return Response(201, {"faults": self.faults.add(specs)})

    def control_clear_faults(self, _request):
        self.faults.clear()
        return Response(200, {"ok": True})

    def control_endpoints(self, _request):
        return Response(200, {"endpoints": dict(self.endpoints)})

    def control_get_clock(self, _request):
        return Response(200, self.state.clock_view())

    def control_set_clock(self, request):
        body = request.json() or {}
        if not isinstance(body, dict) or set(body) - {"advance", "freeze"}:
            raise st.SpecError("send {\"advance\": seconds} and/or {\"freeze\": true|false}")
        advance = body.get("advance", 0)
        if isinstance(advance, bool) or not isinstance(advance, (int, float)) or advance < 0:
            raise st.SpecError("advance must be a number of seconds >= 0, got %r" % (advance,))
        view = self.state.clock_view()
        if "freeze" in body:
            view = self.state.freeze_clock(body["freeze"])
        if "advance" in body:
            view = self.state.advance_clock(body["advance"])
        return Response(200, view)


def _int_param(values, name, default, minimum, maximum):
    """An integer query parameter within bounds; None when invalid."""
    if name not in values:
        return default
    raw = values[name][0]
    if not re.match(r"^-?\d+$", raw):
        return None
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        return None
    return value


def _json_body(request):
    try:
        return request.json()
    except ValueError:
        return None


class Handler(BaseHTTPRequestHandler):
    """Reads one request, hands it to the App, writes the answer."""

    protocol_version = "HTTP/1.1"
    server_version = "hwcloud-jobs-emulator/1.0"
    timeout = 120
    disable_nagle_algorithm = True  # headers and body are two writes: Nagle would hold the second for ~40 ms

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self):
        try:
            body = self._read_body()
        except ValueError:
            self.send_error(400, "bad request body")
            return
        target = self.path
        if "://" in target:
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        raw_path, _sep, query = target.partition("?")
        request = Request(self.command, raw_path, query, list(self.headers.items()), body)
        request.listener = self.server.service
        try:
            response = self.server.app.handle(request)
        except Exception:  # pylint: disable=broad-exception-caught
            response = error(500, "EMULATOR.0500", "emulator bug: %s" % traceback.format_exc(), request.request_id)
        if response.drop:
            self.close_connection = True  # pylint: disable=attribute-defined-outside-init
            return
        payload = response.payload()
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.content_type():
            self.send_header("Content-Type", response.content_type())
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.server.verbose:
            super().log_message(format, *args)


class ListenError(OSError):
    """A listener could not open its socket; `str()` is one line naming the address and port, and why."""

    def __init__(self, code, host, port, reason):
        self.host = host
        self.port = port
        if code == errno.EADDRINUSE:
            message = "port %s:%d is taken (another emulator still running?)" % (host, port)
        else:
            message = "cannot listen on %s:%d: %s" % (host, port, reason)
        super().__init__(code, message)
        self.message = message

    def __str__(self):
        return self.message


class EmulatorServer(ThreadingHTTPServer):
    """The emulator on a socket; `url` once bound.

    The main listener serves every route and the control API. Unless
    `service_listeners` is false it also opens one listener per service on a
    free port of the same host (same App: same state, auth, faults and request
    log), serving only that service's routes and IAM's, as the cloud's
    per-service hosts do; `endpoints` maps each service to its listener's URL.
    They serve while the main one serves and close with it.

    With `tls` (a (certificate, key) pair of PEM files) it opens one more listener that serves every route over
    HTTPS (same App); `tls_url` is its URL. `ssl_context` makes this server itself speak TLS; the handshake
    runs on the request's thread, so a client that never completes it holds up no one else.

    A port that cannot be bound raises `ListenError` (e.g. "port 127.0.0.1:8080 is taken (...)") with every
    listener already opened closed again. `serve_forever` accepts on all the listeners from one thread and
    `shutdown` wakes it at once: a stop takes milliseconds, not a poll interval per listener.
    """

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 resets connections when many clients (the fault matrix's 16 cells,
    # each with its pool) connect at once on a busy machine.
    request_queue_size = 128

    def __init__(self, host="127.0.0.1", port=0, app=None, verbose=False, service=None, service_listeners=True, tls=None,
                 ssl_context=None):
        self.app = app or App()
        self.verbose = verbose
        self.service = service
        self.ssl_context = ssl_context
        # Set before binding: a failed bind calls server_close(), which closes these.
        self.listeners = {}
        self.tls_listener = None
        self._stop_requested = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        try:
            super().__init__((host, port), Handler)
        except OSError as exc:
            raise ListenError(exc.errno, host, port, exc.strerror or exc) from None
        try:
            if tls:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(tls[0], tls[1])
                self.tls_listener = EmulatorServer(host, 0, self.app, verbose, service_listeners=False, ssl_context=context)
            if service is None and service_listeners:
                for name in st.SERVICES:
                    self.listeners[name] = EmulatorServer(host, 0, self.app, verbose, service=name)
                self.app.endpoints = dict((name, listener.url) for name, listener in self.listeners.items())
        except BaseException:
            self.server_close()
            raise

    @property
    def url(self):
        host, port = self.server_address[:2]
        return "%s://%s:%d" % ("https" if self.ssl_context else "http", host, port)

    @property
    def tls_url(self):
        return self.tls_listener.url if self.tls_listener else None

    def finish_request(self, request, client_address):
        if self.ssl_context is not None:
            request.settimeout(Handler.timeout)
            request = self.ssl_context.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        if self.ssl_context is not None:
            return  # a client that refused our certificate (as it should when it does not trust the CA)
        super().handle_error(request, client_address)

    def _all_listeners(self):
        return list(self.listeners.items()) + ([("tls", self.tls_listener)] if self.tls_listener else [])

    @property
    def endpoints(self):
        return dict((name, listener.url) for name, listener in self.listeners.items())

    def serve_forever(self, poll_interval=0.5):
        """Accept on this listener and its service and TLS listeners until shutdown(); each request gets a thread.

        One selector waits on every listening socket and on a wake-up socket that shutdown() writes to, so
        shutdown() returns at once (socketserver's own loop notices a stop only at its next poll, and a poll
        per listener, one after the other, made a stop take 2.2 s).
        """
        self._stopped.clear()
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self._wake_read, selectors.EVENT_READ, None)
                for server in [self] + [listener for _name, listener in self._all_listeners()]:
                    selector.register(server, selectors.EVENT_READ, server)
                while not self._stop_requested.is_set():
                    for key, _events in selector.select(poll_interval):
                        if key.data is None:
                            self._drain_wake()
                        elif not self._stop_requested.is_set():
                            key.data._handle_request_noblock()  # pylint: disable=protected-access
                    self.service_actions()
        finally:
            self._stop_requested.clear()
            self._stopped.set()

    def shutdown(self):
        """Stop serve_forever (running in another thread) and wait until it has returned."""
        self._stop_requested.set()
        try:
            self._wake_write.send(b"\0")
        except OSError:
            pass  # closed already: nothing is serving
        self._stopped.wait()

    def _drain_wake(self):
        try:
            while self._wake_read.recv(512):
                pass
        except OSError:
            pass

    def server_close(self):
        super().server_close()
        self._close_listeners()
        self._wake_read.close()
        self._wake_write.close()

    def _close_listeners(self):
        for _name, listener in self._all_listeners():
            listener.server_close()


class RunningEmulator:
    """An in-process emulator on a background thread (for tools and quick scripts)."""

    def __init__(self, host="127.0.0.1", port=0, verbose=False):
        self.server = EmulatorServer(host, port, verbose=verbose)
        self.url = self.server.url
        self.endpoints = self.server.endpoints
        self.app = self.server.app
        self.thread = threading.Thread(target=self.server.serve_forever, name="hwcloud-emulator", daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
