# -*- coding: utf-8 -*-
"""Job bodies of the services issue 23 added (one id per call), field for field as each vendor SDK's model names
them: GaussDB (openGauss), TaurusDB, GeminiDB, DDS, SDRS, CBR, SFS Turbo, ELB, DWS, DLI, SMS and Global EIP.

``render_job`` and ``render_sub_job`` are called by state.Job and state.SubJob for these services.
"""

import uuid

from . import keys


def _progress_text(job, now):
    return "%d%%" % job.progress(now) if job.state(now) == "running" else ""


def render_job(job, now, phase, begin, end, code, reason, subs):
    """The job object of ``job`` (a state.Job) as its service's status call returns it (before the envelope)."""
    service, spec = job.service, job.spec
    failed = job.state(now) == "failed"
    if service in ("gaussdb", "taurusdb", "dds", "geminidb"):
        body = {"id": job.job_id, "name": job.job_type, "status": phase.status,
                "instance": {"id": job.resource_id, "name": spec.get("instance_name", "%s-%s" % (service, job.resource_id[:6]))}}
        if service == "geminidb":
            body.update(start_time=begin, end_time=end, progress=_progress_text(job, now))
        else:
            body.update(created=begin, ended=end)
            body["process" if service == "taurusdb" else "progress"] = _progress_text(job, now)
        if failed:
            body["fail_reason"] = reason
        return body
    if service == "sdrs":
        entities = {"sub_jobs": subs} if subs else {"server_group_id": job.resource_id}
        return {"status": phase.status, "entities": entities, "job_id": job.job_id, "job_type": job.job_type,
                "begin_time": begin, "end_time": end, "error_code": code, "fail_reason": reason}
    if service == "cbr":
        log = {"id": job.operation_log_id, "checkpoint_id": str(uuid.uuid4()), "created_at": begin, "started_at": begin,
               "updated_at": end or begin, "ended_at": end, "operation_type": job.job_type, "project_id": job.project_id,
               "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66", "status": phase.status, "policy_id": "",
               "vault_id": spec.get("instance_id", job.resource_id), "vault_name": "vault-%s" % job.resource_id[:6],
               "extra_info": {"common": {"progress": job.progress(now), "request_id": "req-%s" % job.job_id[:8],
                                         "task_id": job.job_id},
                              "resource": {"id": job.resource_id, "name": "ecs-%s" % job.resource_id[:6],
                                           "type": "OS::Nova::Server"}}}
        if failed:
            log["error_info"] = {"code": code, "message": reason}
        return log
    if service == "sfsturbo":
        body = {"status": phase.status, "job_id": job.job_id, "job_type": job.job_type, "begin_time": begin,
                "end_time": end, "error_code": code, "fail_reason": reason}
        if subs:
            body["sub_jobs"] = subs
        return body
    if service == "elb":
        body = {"job_id": job.job_id, "job_type": job.job_type, "status": phase.status, "begin_time": begin,
                "end_time": end, "error_code": code, "error_msg": reason, "project_id": job.project_id,
                "resource_id": job.resource_id, "sub_jobs": subs}
        return body
    if service == "dws":
        return {"job_id": job.job_id, "job_name": job.job_type, "begin_time": begin, "end_time": end,
                "status": phase.status, "failed_code": code, "failed_detail": reason,
                "progress": "%d%%" % job.progress(now)}
    if service == "dli":
        running = job.state(now) == "running"
        return {"is_success": True, "message": reason or "", "job_id": job.job_id, "job_type": job.job_type,
                "job_mode": "async", "queue_name": spec.get("instance_name", "default"), "owner": keys.USER_NAME,
                "start_time": begin, "duration": 0 if running or end is None else int(round((job.end_time(now) - job.created) * 1000)),
                "status": phase.status, "input_row_count": 0, "bad_row_count": 0, "input_size": 0, "result_count": 0,
                "statement": "select 1", "tags": []}
    if service == "sms":
        body = {"id": job.task_id, "name": "migrate-%s" % job.job_id[:6], "type": "MIGRATE_BLOCK", "os_type": "LINUX",
                "state": phase.status, "create_date": begin, "start_date": begin, "finish_date": end,
                "source_server": {"id": job.resource_id, "name": "source-%s" % job.resource_id[:6]},
                "sub_tasks": subs}
        if failed:
            body["error_json"] = reason
        return body
    if service in PARENT_SCOPED:
        return _render_parent_scoped(job, now, phase, begin, end, code, reason)
    # geip
    body = {"id": job.job_id, "action": job.job_type, "status": phase.status, "start_time": begin, "end_time": end}
    if failed:
        body.update(error_code=code, error_message=reason, error_task="CreateGEIPTask")
    return body


def render_sub_job(sub, now, phase, code, reason, begin, end):
    """A sub-job (SDRS, SFS Turbo, ELB) or sub-task (SMS) of ``sub.parent``."""
    parent, spec = sub.parent, sub.spec
    job_type = spec.get("job_type") or DEFAULT_JOB_TYPE[parent.service][1]
    if parent.service == "sdrs":
        return {"status": phase.status, "entities": {"protected_instance_id": sub.resource_id}, "job_id": sub.id,
                "job_type": job_type, "begin_time": begin, "end_time": end, "error_code": code, "fail_reason": reason}
    if parent.service == "sfsturbo":
        return {"status": phase.status, "job_id": sub.id, "job_type": job_type, "begin_time": begin, "end_time": end,
                "error_code": code, "fail_reason": reason}
    if parent.service == "elb":
        return {"status": phase.status, "job_id": sub.id, "job_type": job_type, "begin_time": begin, "end_time": end,
                "error_code": code, "error_msg": reason, "project_id": parent.project_id, "resource_id": sub.resource_id,
                "entities": [{"resource_id": sub.resource_id, "resource_type": "listener"}]}
    # sms: a sub-task has no status, only a progress and its times
    return {"id": parent.sub_jobs.index(sub) + 1, "name": job_type, "progress": sub.process(now), "start_date": begin,
            "end_date": end, "user_op": "start"}


# Default job types (parent, sub-job).
DEFAULT_JOB_TYPE = {
    "gaussdb": ("CreateGaussDBV5Instance", None), "taurusdb": ("CreateGaussDBforMySQLInstance", None),
    "geminidb": ("CreateInstance", None), "dds": ("CreateMongoDB", None),
    "sdrs": ("createProtectionGroupNoCG", "createProtectedInstance"), "cbr": ("backup", None),
    "sfsturbo": ("expand_share", "expand_share_node"), "elb": ("cloneLoadbalancer", "cloneListener"),
    "dws": ("createCluster", None), "dli": ("QUERY", None), "sms": ("MIGRATE_BLOCK", "CREATE_CLOUD_SERVER"),
    "geip": ("CreateGEIPGraph", None),
}
# Issue 23's parent-scoped services.
DEFAULT_JOB_TYPE.update({
    "kafka": ("bindInstancePublicIp", None),
    "rabbitmq": ("bindInstancePublicIp", None),
    "rocketmq": ("bindInstancePublicIp", None),
    "mrs": ("SparkSubmit", None),
    "ges": ("ImportGraph", None),
    "functiongraph": ("async-invocation", None),
})


# ---- issue 23's services whose id is scoped by a parent (two ids a call) ----

# service -> (the parent's id kind, the job's id kind), as the table's call names them.
PARENT_SCOPED = {
    "kafka": ("instance_id", "task_id"),
    "rabbitmq": ("instance_id", "task_id"),
    "rocketmq": ("instance_id", "task_id"),
    "mrs": ("cluster_id", "job_execution_id"),
    "ges": ("graph_id", "job_id"),
    "functiongraph": ("function_urn", "request_id"),
}
DMS = ("kafka", "rabbitmq", "rocketmq")
# The spec keys of their jobs beyond the common ones (instance_id and cluster_id are common).
JOB_KEYS = ("graph_id", "job_execution_id", "function_urn")
# Raw statuses (services.py names each list's source). MRS's job_state: the SDK's NEW and the pages' New.
VOCABULARY = {
    "kafka": {"running": ("EXECUTING", "CREATED"), "succeeded": ("SUCCESS",), "failed": ("FAILED", "CANCELLED", "DELETED")},
    "rabbitmq": {"running": ("EXECUTING", "CREATED"), "succeeded": ("SUCCESS",), "failed": ("FAILED", "CANCELLED", "DELETED")},
    "rocketmq": {"running": ("EXECUTING", "CREATED"), "succeeded": ("SUCCESS",), "failed": ("FAILED", "CANCELLED", "DELETED")},
    "mrs": {"running": ("RUNNING", "NEW", "New", "NEW_SAVING", "SUBMITTED", "ACCEPTED"), "succeeded": ("FINISHED",),
            "failed": ("FAILED", "KILLED")},
    "ges": {"running": ("running", "pending"), "succeeded": ("success",), "failed": ("failed", "partiallyFailed")},
    "functiongraph": {"running": ("RUNNING", "WAIT"), "succeeded": ("SUCCESS",), "failed": ("FAIL", "DISCARD")},
}
# DMS's created_at as its pages show it (2020-06-15T08:55:53.606Z), MRS's epoch milliseconds, GES's and FunctionGraph's
# UTC text without a zone (their SDK models: yyyy-MM-dd'T'HH:mm:ss).
TIME_FORMAT = {
    "kafka": "iso_fraction",
    "rabbitmq": "iso_fraction",
    "rocketmq": "iso_fraction",
    "mrs": "epoch_ms",
    "ges": "naive",
    "functiongraph": "naive",
}
FAILURE_DEFAULTS = {
    "kafka": (None, "Emulated job failure."),
    "rabbitmq": (None, "Emulated job failure."),
    "rocketmq": (None, "Emulated job failure."),
    "mrs": (None, "Emulated job failure."),
    "ges": (None, "Emulated job failure."),
    "functiongraph": ("500", "Emulated job failure."),
}
# The emulator's not-found answers (its own codes); FunctionGraph lists nothing for a request id it does not know.
NOT_FOUND = {
    "kafka": (404, "DMS.00404000", "The task does not exist."),
    "rabbitmq": (404, "DMS.00404000", "The task does not exist."),
    "rocketmq": (404, "DMS.00404000", "The task does not exist."),
    "mrs": (404, "MRS.00404000", "The job does not exist."),
    "ges": (404, "GES.0404", "The job does not exist."),
}
# The parent of a job whose spec names none.
DEFAULT_PARENT = {
    "kafka": "kafka-instance",
    "rabbitmq": "rabbitmq-instance",
    "rocketmq": "rocketmq-instance",
    "mrs": "mrs-cluster",
    "ges": "ges-graph",
    "functiongraph": "urn:fss:cn-north-4:{project_id}:function:default:emulated:latest",
}


def ids_of(job):
    """(parent id, own id) of a job of a parent-scoped service: the spec's, else the defaults (its own id is its
    job_id unless the spec gives the kind: a DMS task_id, an MRS job_execution_id, a FunctionGraph request_id)."""
    parent_kind, kind = PARENT_SCOPED[job.service]
    parent = job.spec.get(parent_kind) or DEFAULT_PARENT[job.service].format(project_id=job.project_id)
    return parent, job.spec.get(kind) or job.job_id


def find_job(state, services, parent, value):
    """(service, job id) of the job of one of ``services`` whose parent is ``parent`` and own id ``value``."""
    with state.lock:
        for job in state._ordered():
            if job.service in services and ids_of(job) == (parent, value):
                return job.service, job.job_id
    return None, None


def _render_parent_scoped(job, now, phase, begin, end, code, reason):
    service, spec = job.service, job.spec
    parent, own = ids_of(job)
    failed = job.state(now) == "failed"
    if service in DMS:
        return {"id": own, "name": job.job_type, "user_name": keys.USER_NAME, "user_id": keys.USER_ID,
                "params": "{\"instance_id\":\"%s\"}" % parent, "status": phase.status, "created_at": begin,
                "updated_at": end}
    if service == "mrs":
        state = job.state(now)
        result = {"running": "UNDEFINED", "succeeded": "SUCCEEDED"}.get(state, "KILLED" if phase.status == "KILLED" else "FAILED")
        elapsed = int(round(((job.end_time(now) or now) - job.created) * 1000))
        return {"job_id": own, "user": keys.USER_NAME, "job_name": "job-%s" % own[:6], "job_result": result,
                "job_state": phase.status, "job_progress": float(job.progress(now)), "job_type": job.job_type,
                "started_time": begin, "submitted_time": begin, "finished_time": end if end is not None else 0,
                "elapsed_time": elapsed, "arguments": "[]", "launcher_id": "application_%s" % own[:8],
                "properties": "{}", "app_id": "application_%s_0001" % own[:8], "tracking_url": "", "queue": "default"}
    if service == "ges":
        body = {"job_id": own, "status": phase.status, "job_type": job.job_type, "job_name": job.job_type,
                "related_graph": spec.get("instance_name", parent), "begin_time": begin, "end_time": end,
                "job_progress": 0.0}
        if failed:
            body["fail_reason"] = reason
        return body
    # functiongraph
    return {"request_id": own, "status": phase.status, "error_message": reason if failed else "",
            "error_code": int(code) if failed and code is not None else 0, "start_time": begin, "end_time": end}


def serve(app, request, service):
    """The answer of a parent-scoped status call, (status, body), or None for the caller's not-found answer.

    DMS's three services share one path: the main listener serves whichever holds the task, a service's own
    listener only its own. MRS answers 202 (its API pages: "Status code: 202"); FunctionGraph lists nothing for a
    request id it does not know.
    """
    from . import state as st  # the state module imports this one
    services = DMS if service in DMS and request.listener is None else (service,)
    parent_kind, kind = PARENT_SCOPED[service]
    if service == "functiongraph":
        values = request.query_values().get("request_id") or [""]
        value = values[0]
    else:
        value = request.params[kind]
    found, job_id = find_job(app.state, services, request.params[parent_kind], value)
    answer = app.state.poll_job(found, request.params.get("project_id"), job_id) if job_id else None
    if service == "functiongraph":
        invocations = [answer] if answer is not None else []
        envelope = app.state.job_envelope(found, job_id) if job_id else {}
        return 200, st.merged({"invocations": invocations, "count": len(invocations), "next_marker": 0}, envelope)
    if answer is None:
        return None
    body = {"task_count": "1", "tasks": [answer]} if service in DMS else {"job_detail": answer} if service == "mrs" else answer
    return 202 if service == "mrs" else 200, st.merged(body, app.state.job_envelope(found, job_id))
