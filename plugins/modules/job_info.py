#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: job_info
short_description: Get the status of jobs of one Huawei Cloud service, any the collection knows
version_added: 0.2.0
description:
  - Reads the jobs behind one or many IDs of one service per task, in one module run with one HTTP session.
    For jobs of several services, run it once per service (a loop), or wait for them with M(hwcloud.jobs.wait_for_job),
    whose O(hwcloud.jobs.wait_for_job#module:jobs) mixes services.
  - "Services and the IDs they take: C(cph) (Cloud Phone) O(job_id) or O(request_id); C(koophone) O(task_id);
    C(workspace), C(cfw), C(ecs), C(evs), C(ims), C(bms), C(dcs), C(cce), C(rds) O(job_id);
    C(gaussdb), C(taurusdb), C(geminidb), C(dds), C(sdrs), C(sfsturbo), C(elb), C(dws), C(dli), C(geip) O(job_id);
    C(cbr) O(operation_log_id); C(sms) O(task_id); C(bss) O(order_id)."
  - "Resources, by their IDs: C(ecs) O(server_id); C(evs) O(volume_id); C(rds) and C(dcs) O(instance_id); C(cce)
    O(cluster_id), or O(cluster_id) (one) and O(node_id); C(vpc) O(vpc_id), O(subnet_id) or O(publicip_id); C(elb)
    O(loadbalancer_id). A resource's record has the same keys as a job's: RV(jobs[].job_id) is the resource's ID,
    RV(jobs[].state) what its status means (running, succeeded for its ready state, failed, or unknown), and
    C(status) its raw status."
  - A CPH request or a KooPhone task holds many jobs, one per phone; every page of a request is read.
  - Each job is returned as the API sends it, plus the collection's normalised keys, the same for every service
    (RV(jobs[].state), RV(jobs[].started_at), RV(jobs[].progress), RV(jobs[].failed_sub_jobs), ...).
  - The named modules M(hwcloud.jobs.cph_job_info), M(hwcloud.jobs.koophone_task_info), M(hwcloud.jobs.workspace_job_info)
    and M(hwcloud.jobs.cfw_job_info) read one ID of their service; this module reads lists of IDs, of any one service.
  - To wait until jobs are done, use M(hwcloud.jobs.wait_for_job), which polls in-process instead of a module run per poll.
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  service:
    description:
      - The service that holds the jobs.
    type: str
    required: true
    choices: [bms, bss, cbr, cce, cfw, cph, dcs, dds, dli, dws, ecs, elb, evs, functiongraph, gaussdb, geip, geminidb,
              ges, ims, kafka, koophone, mrs, rabbitmq, rds, rocketmq, sdrs, sfsturbo, sms, taurusdb, vpc, workspace]
notes:
  - At least one ID is required (O(job_id), O(request_id), O(task_id), O(operation_log_id), O(order_id), or a resource's); IDs no call of the service takes
    (a job ID beside a resource ID, O(node_id) without O(cluster_id)) are refused naming the IDs given and the sets the
    service takes; an ID kind the service does not take, or an ID
    that could change the URL (C(/), C(?), C(%), C(..), whitespace), is refused before anything is sent.
  - A job ID the service does not know fails the module with the error the service answers, with its HTTP status, error
    code, message and request ID (for CPH, HTTP 400 C(CPS.0005)). No jobs are returned then, not even those of the other IDs.
  - A CPH O(request_id) or a KooPhone O(task_id) that the service does not know is not an error. The service answers
    an empty list of jobs, so the module succeeds and returns no job for it (RV(jobs) is V([]) when it was the only ID).
    M(hwcloud.jobs.wait_for_job) treats such an ID as not found.
  - On the controller (a local connection, without become or async) the module's code runs in-process, in the worker of
    the task, as M(hwcloud.jobs.wait_for_job) does; on any other host it runs as a module. The result is the same.
extends_documentation_fragment:
  - hwcloud.jobs.id_options
  - hwcloud.jobs.connection
attributes:
  check_mode:
    support: full
    description: The module only reads.
seealso:
  - module: hwcloud.jobs.wait_for_job
    description: Wait until jobs are done, and fail naming each failed job.
  - module: hwcloud.jobs.api_call
    description: Call any Huawei Cloud API and wait on the jobs it starts.
  - module: hwcloud.jobs.cph_job_info
  - module: hwcloud.jobs.koophone_task_info
  - module: hwcloud.jobs.workspace_job_info
  - module: hwcloud.jobs.cfw_job_info
"""

EXAMPLES = r"""
- name: Servers created earlier (their ECS jobs)
  hwcloud.jobs.job_info:
    service: ecs
    job_id: "{{ server_jobs }}"
    region: cn-north-4
  register: servers

- name: The servers whose creation failed, and why
  ansible.builtin.debug:
    msg: "{{ item.failed_sub_jobs }}"
  loop: "{{ servers.jobs | selectattr('state', 'equalto', 'failed') }}"

- name: Volumes and a CCE node pool created earlier (one service per task, so one task each)
  hwcloud.jobs.job_info:
    service: "{{ item.service }}"
    job_id: "{{ item.job_ids }}"
    region: cn-north-4
  loop:
    - {service: evs, job_ids: "{{ volume_jobs }}"}
    - {service: cce, job_ids: ["{{ node_pool_job }}"]}
  register: infrastructure

- name: A CCE job, on another cloud built on Huawei Cloud (hosts cce.{region}.{cloud})
  hwcloud.jobs.job_info:
    service: cce
    job_id: 2ec9b78d-9368-46f3-8f29-d1a95622a568
    cloud: example-cloud.eu
    region: eu-west-0

- name: An RDS instance (a resource, read by its ID), its record's state and raw status
  hwcloud.jobs.job_info:
    service: rds
    instance_id: "{{ rds_instance_id }}"
  register: database

- name: Two nodes of a CCE cluster
  hwcloud.jobs.job_info:
    service: cce
    cluster_id: "{{ cluster_id }}"
    node_id: [a3b1c2d4-0000-4e5f-8a9b-112233445566, b4c2d3e5-0000-4e5f-8a9b-112233445566]

- name: Every phone of two CPH batch requests
  hwcloud.jobs.job_info:
    service: cph
    request_id: [2676a3b4f7df49c297c6775989806d32, 7b3e5cd2ac8a4a0c91c65f4b8fbd2e11]
"""

RETURN = r"""
jobs:
  description:
    - The jobs, in the order of the IDs given, as the API sends them plus the normalised keys. A list even for one job.
    - A resource's record has the same keys. RV(jobs[].job_id) is the resource's ID, C(state) what its status means
      (running, succeeded for its ready state, failed, unknown), C(status) its raw status (C(status_at) names where the
      answer keeps it), its parent IDs (C(cluster_id) of a node), and every field of the answer's object (RDS's
      C(instances[0]), ECS's C(server), ...).
    - The samples show one job of each service as the service sends it (abridged) with the keys added.
  returned: success
  type: list
  elements: dict
  sample:
    - {service: cph, job_id: 6837531fd3f54550927b930180a706bf, phone_id: 1234567b8bab40ffb711234cb80d0234, status: 2,
       begin_time: "2019-04-26T07:00:00Z", end_time: "2019-04-26T07:00:06Z", error_code: null, error_msg: null,
       execute_msg: "result=ok", state: succeeded, started_at: "2019-04-26T07:00:00Z", ended_at: "2019-04-26T07:00:06Z",
       duration: 6.0, progress: null}
    - {service: koophone, job_id: 0e2d66a57c7f47bfb6e0f1b2d3c4a5b6, status: -1, error_code: CPS0005, error_msg: Phone not found.,
       execute_msg: null, state: failed, started_at: null, ended_at: null, duration: null, progress: null}
    - {service: workspace, job_id: 2382dd96-0e30-4a8a-8c86-3d1d2b6e5c11, id: 2382dd96-0e30-4a8a-8c86-3d1d2b6e5c11,
       status: FAIL, job_error_code: WKS.00010059, fail_reason: Insufficient resources., state: failed, progress: 100,
       started_at: "2024-01-02T03:04:05Z", ended_at: "2024-01-02T03:09:05Z", duration: 300.0,
       sub_jobs: [{id: 4a1c, status: FAIL, entities: {desktop_id: d-7, desktop_name: desk-07, user_name: ben}, state: failed}],
       failed_sub_jobs: [{id: 4a1c, desktop_id: d-7, desktop_name: desk-07, user_name: ben, error_code: WKS.00010059,
                          fail_reason: Insufficient resources.}]}
    - {service: cfw, job_id: f588ce71-e26c-400d-8981-f854355f6849, id: f588ce71-e26c-400d-8981-f854355f6849, status: Success,
       begin_time: 1641370501000, end_time: 1641370515000, state: succeeded, started_at: "2022-01-05T08:15:01Z",
       ended_at: "2022-01-05T08:15:15Z", duration: 14.0, progress: null}
    - {service: ecs, job_id: ff8080828d4a7a2f018d4b9f3e4c0a11, job_type: createServer, status: PENDING_PAYMENT,
       begin_time: "2024-01-02T03:04:05.000Z", end_time: null, entities: {sub_jobs_total: 1, sub_jobs: []}, state: running,
       started_at: "2024-01-02T03:04:05Z", ended_at: null, duration: null, progress: null, sub_jobs: [], failed_sub_jobs: []}
    - {service: evs, job_id: ff8080828d4a7a2f018d4ba0c5d70b22, status: FAIL, state: failed, fail_reason: Insufficient capacity.,
       entities: {sub_jobs: [{job_id: ff80..23, status: FAIL, entities: {volume_id: v-1}, fail_reason: Insufficient capacity.}]},
       failed_sub_jobs: [{id: ff80..23, volume_id: v-1, error_code: EVS.2024, fail_reason: Insufficient capacity.}]}
    - {service: ims, job_id: ff8080828d4a7a2f018d4ba1a2b30c33, status: SUCCESS, entities: {image_id: 5f3c9a1e}, state: succeeded,
       sub_jobs: [], failed_sub_jobs: []}
    - {service: bms, job_id: ff8080828d4a7a2f018d4ba2b3c40d44, status: RUNNING, state: running, progress: null,
       sub_jobs: [{job_id: ff80..45, status: INIT, entities: {server_id: null}, state: running}], failed_sub_jobs: []}
    - {service: dcs, job_id: 3c1d2e4f5a6b4c7d8e9f0a1b2c3d4e5f, status: SUCCESS, begin_time: "1704164645000",
       end_time: "1704164705000", state: succeeded, started_at: "2024-01-02T03:04:05Z", ended_at: "2024-01-02T03:05:05Z",
       duration: 60.0}
    - {service: cce, job_id: 2ec9b78d-9368-46f3-8f29-d1a95622a568, kind: Job,
       metadata: {uid: 2ec9b78d-9368-46f3-8f29-d1a95622a568, creationTimestamp: "2018-08-02 08:12:40.67 +0000 UTC",
                  updateTimestamp: "2018-08-02 08:21:50.48 +0000 UTC"},
       spec: {type: CreateCluster, resourceName: prod-cluster, subJobs: []}, status: {phase: Success},
       state: succeeded, started_at: "2018-08-02T08:12:40.67Z", ended_at: "2018-08-02T08:21:50.48Z", duration: 549.81,
       sub_jobs: [], failed_sub_jobs: []}
    - {service: rds, job_id: a9767d4c-3a35-4c6e-9b4f-4c2b6a8d1e7f, id: a9767d4c-3a35-4c6e-9b4f-4c2b6a8d1e7f,
       name: CreateMysqlInstance, status: Running, created: "2018-08-06T10:41:14+0800", ended: null, process: "60%",
       instance: {id: 6e6b1a4c9f5e4a0e9d2fd5c0f1b0a2c3in01, name: db-1}, state: running, started_at: "2018-08-06T02:41:14Z",
       ended_at: null, duration: null, progress: 60}
    - {service: gaussdb, job_id: a9767ede-fe0f-4888-9003-e843a4c90514, id: a9767ede-fe0f-4888-9003-e843a4c90514,
       name: CreateGaussDBV5Instance, status: Completed, created: "2021-07-12T09:22:04+0800", ended: "2021-07-12T09:35:04+0800",
       progress: 100, state: succeeded, started_at: "2021-07-12T01:22:04Z", ended_at: "2021-07-12T01:35:04Z", duration: 780.0}
    - {service: taurusdb, job_id: 5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f, name: ResizeFlavor, status: Pending, created: "",
       process: "", state: running, started_at: null, ended_at: null, duration: null, progress: null}
    - {service: geminidb, job_id: 3711e2ad-5787-49bc-a47f-3f0b066af9f5, name: EnlargeInstance, status: Failed,
       start_time: "2018-08-06T10:41:14+0800", end_time: "2018-08-06T16:41:14+0800", fail_reason: Insufficient resources.,
       state: failed, started_at: "2018-08-06T02:41:14Z", ended_at: "2018-08-06T08:41:14Z", duration: 21600.0}
    - {service: dds, job_id: 31b8ae23-c687-4d80-b7b4-42a66c9bb886, name: CreateMongoDB, status: Running,
       created: "2018-08-06T10:41:14+0000", ended: "", progress: 60, state: running, started_at: "2018-08-06T10:41:14Z"}
    - {service: sdrs, job_id: 0000000062db92d70162db9d200f000a, job_type: batchCreateProtectedInstancesNoCG, status: FAIL,
       state: failed, sub_jobs: [{job_id: 0000..0c, status: FAIL, entities: {protected_instance_id: 1e8f9c1a}, state: failed}],
       failed_sub_jobs: [{id: 0000..0c, protected_instance_id: 1e8f9c1a, error_code: SDRS.1021,
                          fail_reason: Failed to create the server at the DR site.}]}
    - {service: cbr, job_id: 4827f2da-b008-4507-ab7d-42d0df5ed912, id: 4827f2da-b008-4507-ab7d-42d0df5ed912,
       operation_type: backup, status: skipped, error_info: {code: BackupService.6003, message: The backup was skipped.},
       state: failed, started_at: "2020-02-23T01:00:09.457Z", ended_at: "2020-02-23T01:00:10Z", progress: 0}
    - {service: sfsturbo, job_id: 8abfa7b2-6f3b-4f2a-8f5d-0b6f5b4c1e01, job_type: expand_share, status: running,
       begin_time: "2016-01-02 15:04:05", end_time: "", state: running, started_at: "2016-01-02T15:04:05Z",
       sub_jobs: [{job_id: 8abf..02, status: success, state: succeeded}, {job_id: 8abf..03, status: waiting, state: running}]}
    - {service: elb, job_id: 2bd3d5a6-2f33-4c3c-8f37-9b5e3b0e7c11, job_type: cloneLoadbalancer, status: COMPLETE,
       resource_id: 3dbde7e5-c277-4ea3-a424-edd339357eff, state: succeeded, duration: 30.0,
       sub_jobs: [{job_id: 5c8b..60, status: SUCCESS, resource_id: 0b11747a, state: succeeded}], failed_sub_jobs: []}
    - {service: dws, job_id: ff8080828a5b1f7a018a5c7e2b3d0042, job_name: resizeCluster, status: STOP, failed_code: DWS.5153,
       failed_detail: The job was stopped., progress: 40, state: failed, duration: 600.0}
    - {service: dli, job_id: 6d2146a0-c2d5-41bd-8ca0-ca9694ada992, job_type: QUERY, queue_name: dli_sql, status: FINISHED,
       start_time: 1502349803729, duration: 1000, state: succeeded, started_at: "2017-08-10T07:23:23.729Z", ended_at: null}
    - {service: sms, job_id: 9a5a5b3c-1e2f-4d3c-8b7a-6f5e4d3c2b1a, id: 9a5a5b3c-1e2f-4d3c-8b7a-6f5e4d3c2b1a,
       status: MIGRATE_SUCCESS, state: succeeded, start_date: 1690364038000, finish_date: 1690367638000,
       started_at: "2023-07-26T09:33:58Z", duration: 3600.0, sub_tasks: [{id: 1, name: CREATE_CLOUD_SERVER, progress: 100}],
       sub_jobs_without_status: [1], failed_sub_jobs: []}
    - {service: geip, job_id: f6b8e6a2-59c1-4f6b-8c5c-3d2f1e0a9b8c, action: CreateGEIPGraph, status: FINISH_ROLLBACK_SUCC,
       error_code: GEIP.1001, error_message: Insufficient global EIP quota., state: failed, duration: 5.0}
  contains:
    service:
      description: The table's name of the service that holds the job.
      type: str
      returned: always
    job_id:
      description: The ID asked for, or for a job of a request or task, the job's own ID (null if the API sends none).
      type: str
      returned: always
    state:
      description:
        - V(running), V(succeeded) or V(failed), from the service's status field; any status the service does not
          document is V(unknown), never a success.
        - A job with sub-jobs is V(failed) when one of them failed, and V(succeeded) only when all of them did. A
          sub-job with no status at all does not count either way (RV(jobs[].sub_jobs_without_status) names it); one
          whose status the service does not document keeps the job from success.
      type: str
      returned: always
    started_at:
      description: The job's start time as ISO 8601 UTC, or null; read from every time shape the services send.
      type: str
      returned: always
    ended_at:
      description: The job's end time as ISO 8601 UTC, or null while it runs.
      type: str
      returned: always
    duration:
      description: Seconds from start to end, or null while either is unknown.
      type: float
      returned: always
    progress:
      description: 0-100 where the service gives a progress (an integer, or text such as C(60%)); else the mean of the sub-jobs', or null.
      type: int
      returned: always
    sub_jobs:
      description: The job's sub-jobs, each with the raw fields plus RV(jobs[].state), times and progress of its own.
      type: list
      elements: dict
      returned: for services whose jobs have sub-jobs (workspace, ecs, evs, ims, bms, cce)
    failed_sub_jobs:
      description: A short summary of each failed sub-job, its ID, what it worked on (desktop, server, volume...), error code, reason.
      type: list
      elements: dict
      returned: for services whose jobs have sub-jobs (workspace, ecs, evs, ims, bms, cce)
    sub_jobs_without_status:
      description:
        - The IDs of the sub-jobs the API sent with no status at all (as a CCE step can be). They neither fail the job nor
          keep a job the API reports finished from its own final state.
      type: list
      elements: str
      returned: for services whose jobs have sub-jobs (workspace, ecs, evs, ims, bms, cce)
      sample: [73cc28df-8b1b-11e8-8f9d-0255ac10193f]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import job_info_argument_spec, run_job_info


def main():
    module = AnsibleModule(argument_spec=job_info_argument_spec(), supports_check_mode=True)
    run_job_info(module)


if __name__ == "__main__":
    main()
