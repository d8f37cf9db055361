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
    C(workspace), C(cfw), C(ecs), C(evs), C(ims), C(bms), C(dcs), C(cce), C(rds) O(job_id)."
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
    choices: [bms, cce, cfw, cph, dcs, ecs, evs, ims, koophone, rds, workspace]
  job_id:
    description:
      - One job ID or a list of them, as returned when the job was submitted (every service but C(koophone)).
    type: list
    elements: str
  request_id:
    description:
      - C(cph) only. One request ID or a list; returns every job of each request.
    type: list
    elements: str
  task_id:
    description:
      - C(koophone) only. One task ID or a list; returns every job of each task.
    type: list
    elements: str
notes:
  - At least one of O(job_id), O(request_id) and O(task_id) is required; an ID kind the service does not take, or an ID
    that could change the URL (C(/), C(?), C(%), C(..), whitespace), is refused before anything is sent.
  - A job ID the service does not know fails the module with the error the service answers, with its HTTP status, error
    code, message and request ID (for CPH, HTTP 400 C(CPS.0005)). No jobs are returned then, not even those of the other IDs.
  - A CPH O(request_id) or a KooPhone O(task_id) that the service does not know is not an error. The service answers
    an empty list of jobs, so the module succeeds and returns no job for it (RV(jobs) is V([]) when it was the only ID).
    M(hwcloud.jobs.wait_for_job) treats such an ID as not found.
  - On the controller (a local connection, without become or async) the module's code runs in-process, in the worker of
    the task, as M(hwcloud.jobs.wait_for_job) does; on any other host it runs as a module. The result is the same.
extends_documentation_fragment:
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

- name: Every phone of two CPH batch requests
  hwcloud.jobs.job_info:
    service: cph
    request_id: [2676a3b4f7df49c297c6775989806d32, 7b3e5cd2ac8a4a0c91c65f4b8fbd2e11]
"""

RETURN = r"""
jobs:
  description:
    - The jobs, in the order of the IDs given, as the API sends them plus the normalised keys. A list even for one job.
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
