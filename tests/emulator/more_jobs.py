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
