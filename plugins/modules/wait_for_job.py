#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This is a documentation-only stub: the work is done by the action plugin of the same name,
# on the controller (the convention of ansible.builtin.wait_for_connection).

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: wait_for_job
short_description: Wait until Huawei Cloud jobs are done, and fail clearly if any failed
version_added: 0.1.0
description:
  - Polls the status of one or many jobs until every one is done (succeeded or failed) or O(timeout) passes.
  - The jobs are given either as O(service) with O(job_id), O(request_id) or O(task_id), or as O(jobs), a list
    of jobs of any services, waited on together under one deadline and one concurrency limit.
  - Resources that start no job are waited on the same way, by their IDs (O(server_id), O(vpc_id), O(loadbalancer_id), ...),
    until their ready state, raw statuses named in O(until), or their absence (O(until=absent)). Each is a record of
    RV(jobs), with C(job_id) the resource's ID.
  - Runs on the controller, in-process, with one kept-alive HTTP session for the whole task; a poll costs
    one round trip, not a module run.
  - Polling starts at O(poll_interval) and grows with jitter to O(max_poll_interval); the last sleep is trimmed
    to the time left. A status call that fails transiently (HTTP 429, 5xx, connection errors, a body that is not JSON)
    is retried, and if the retries run out the job is polled again later while time is left.
  - A status that is not documented is C(unknown), never a success; polling goes on and a warning names the value.
  - A job the service does not know yet (HTTP 404, or the service's own not-found code such as CPH's HTTP 400 C(CPS.0005))
    is given O(not_found_timeout) seconds to appear before it counts as failed.
  - The task fails when a job failed (unless O(fail_on_failure=false)), naming each failed job with its error code
    and message (and each failed sub-job with what it worked on, such as a Workspace desktop),
    and at the deadline, naming the jobs still pending and what they wait for (such as a payment).
  - With IAM password authentication, a token that expires during the wait is renewed at each expiry, at most once per
    status call (a call whose fresh token is refused as expired too fails the task).
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  service:
    description:
      - The service that holds the jobs given by O(job_id), O(request_id) or O(task_id).
      - Mutually exclusive with O(jobs); one of the two is required.
    type: str
    choices: [bms, bss, cbr, cce, cfw, cph, dcs, dds, dli, dws, ecs, elb, evs, functiongraph, gaussdb, geip, geminidb,
              ges, ims, kafka, koophone, mrs, rabbitmq, rds, rocketmq, sdrs, sfsturbo, sms, taurusdb, vpc, workspace]
  until:
    description:
      - For a resource given by O(service) and its IDs (O(server_id), O(vpc_id), ...), another target than its ready state.
      - A list of raw statuses (V([SHUTOFF]) after a stop); those values mean succeeded; the resource's ready values not
        among them mean it is still on the way, its in-progress and failed values keep their meaning, and any other value
        is C(unknown), never a success.
      - V(absent), for a deletion, done (succeeded) when the service says the resource is not found, with no
        O(not_found_timeout) grace; while the service still shows it, it is running (a failed deletion, such as EVS
        C(error_deleting), fails it).
      - Refused for a job ID (O(job_id), O(request_id), O(task_id)), since a job ends as its service says.
    type: raw
  jobs:
    description:
      - Jobs and resources of any services, each a mapping of C(service) and the IDs of one of its calls, named as the
        vendor's path parameters, C(job_id), C(request_id), C(task_id), C(operation_log_id) or C(order_id) for a job; C(server_id), C(volume_id),
        C(instance_id), C(cluster_id), C(cluster_id) and C(node_id), C(vpc_id), C(subnet_id), C(publicip_id) or
        C(loadbalancer_id) for a resource (see the options of the same names). The ID that names the job (such as
        C(node_id)) may be a list of IDs; a parent ID (C(cluster_id) beside C(node_id)) is one ID.
      - A resource entry may hold C(until), as O(until).
      - For anything the table lacks, an entry may declare its shape. C(service) is any host prefix of the cloud (a
        name of the table reaches that service's host; any other name C(https://{service}.{region}.{cloud}), or
        O(endpoint)), or C(url) is an absolute URL to a host under the cloud's domain, named in O(endpoint) or
        O(endpoints), or loopback. C(path) names C({id}) and may name C({project_id}) (with C(url), the URL may hold
        the path). C(id) is one ID or a list, put into C({id}). C(status) is the dotted path of the raw status in the
        answer (C(nat_gateway.status)). C(succeeded), C(failed) and C(running) are lists of raw statuses; a status in
        none is C(unknown), never a success. C(until) works there too.
      - A declared entry is signed, read and waited on like the table's, with the same records (C(job_id) is
        its C(id), C(service) its C(service) or the URL's first host label). One without C(status) or
        C(succeeded), or whose C(path) or C(url) would leave the cloud's hosts, is refused naming the key.
      - Waited on together, polled from the first second, under one O(timeout) and one O(max_concurrency).
      - Mutually exclusive with O(service) and its IDs. A bad entry is refused before anything is sent, naming its
        position, the IDs it gives and the sets of IDs its service takes.
    type: list
    elements: raw
  delay:
    description:
      - Seconds to wait before the first poll.
    type: float
    default: 0
  fail_on_failure:
    description:
      - Whether the task fails when a job failed. With V(false), look at RV(failed_ids) instead.
    type: bool
    default: true
  progress_interval:
    description:
      - Seconds between progress lines in the output. V(0) for none.
      - 'A progress line reads, for instance, "wait_for_job 300 jobs: 120 done (2 failed), 180 not done (4 waiting for payment),
        60s elapsed, progress 45%; ecs 100/200, cfw 20/100". It gives the jobs done (of them failed) and not done, what jobs not done wait
        for where their status says, the seconds elapsed, the mean progress of the jobs whose service reports one, and
        done/total per service when there are several.'
      - 'When a limit of calls holds the polls back, a line says so once, and every progress line ends with it, for
        instance "paced: rds 60 calls a minute".'
    type: float
    default: 30
extends_documentation_fragment:
  - hwcloud.jobs.id_options
  - hwcloud.jobs.wait_options
  - hwcloud.jobs.connection
attributes:
  action:
    support: full
    description: Runs as an action plugin on the controller.
  check_mode:
    support: full
    description: Runs normally in check mode; it only reads.
seealso:
  - module: hwcloud.jobs.api_call
    description: Start jobs with any Huawei Cloud API call and wait on them in the same task.
  - module: hwcloud.jobs.job_info
  - module: hwcloud.jobs.cph_job_info
  - module: hwcloud.jobs.koophone_task_info
  - module: hwcloud.jobs.workspace_job_info
  - module: hwcloud.jobs.cfw_job_info
"""

EXAMPLES = r"""
- name: Restart phones and wait until each is up again, in one task (api_call starts the jobs and waits on them)
  hwcloud.jobs.api_call:
    service: cph
    method: POST
    path: /v1/{project_id}/cloud-phone/phones/batch-restart
    body:
      phones:
        - phone_id: 1234567b8bab40ffb711234cb80d0234
        - phone_id: abc4567b8bab40ffb711234cb80d0abc
    wait: true
    timeout: 900
  register: restart

- name: Create desktops now; other tasks can run before the wait
  hwcloud.jobs.api_call:
    service: workspace
    method: POST
    path: /v2/{project_id}/desktops
    body:
      desktop_type: DEDICATED
      product_id: workspace.x86.ultimate.large2
      desktops:
        - {user_name: alice, computer_name: desk-alice}
        - {user_name: bob, computer_name: desk-bob}
  register: desktops

- name: Wait for the jobs an earlier task started (its started list is the form jobs takes)
  hwcloud.jobs.wait_for_job:
    jobs: "{{ desktops.started }}"
    timeout: 1800
  register: waited

- name: Wait for every phone of a CPH request whose id came from elsewhere (a pipeline's variable)
  hwcloud.jobs.wait_for_job:
    service: cph
    request_id: "{{ cph_request_id }}"
    timeout: 900

- name: Many firewall jobs at once, collecting failures instead of failing
  hwcloud.jobs.wait_for_job:
    service: cfw
    job_id: "{{ firewalls.results | map(attribute='started') | flatten | map(attribute='job_id') | list }}"
    fail_on_failure: false
  register: cfw

- name: A Workspace job, two firewall jobs and a CPH batch, in one task
  hwcloud.jobs.wait_for_job:
    jobs:
      - service: workspace
        job_id: "{{ desktops.started[0].job_id }}"
      - service: cfw
        job_id: [f588ce71-e26c-400d-8981-f854355f6849, 0e8a3b4c-1f2d-4c5e-9a7b-6c5d4e3f2a1b]
      - service: cph
        request_id: "{{ cph_request_id }}"
    timeout: 1800
  register: gate

- name: A VPC to OK and an ELB load balancer to ACTIVE (resources start no job; their status is read)
  hwcloud.jobs.wait_for_job:
    jobs:
      - {service: vpc, vpc_id: "{{ vpc.vpc.id }}"}
      - {service: elb, loadbalancer_id: "{{ lb.loadbalancer.id }}"}
    timeout: 600

- name: A server stopped (SHUTOFF), and a volume deleted (until the service says not found)
  hwcloud.jobs.wait_for_job:
    jobs:
      - {service: ecs, server_id: "{{ server_id }}", until: [SHUTOFF]}
      - {service: evs, volume_id: "{{ volume_id }}", until: absent}

- name: Every node of a CCE cluster to Active
  hwcloud.jobs.wait_for_job:
    service: cce
    cluster_id: "{{ cluster_id }}"
    node_id: "{{ node_ids }}"
    timeout: 1800

- name: A NAT gateway, which the table does not know, declared in the play
  hwcloud.jobs.wait_for_job:
    jobs:
      - service: nat
        path: /v2/{project_id}/nat_gateways/{id}
        id: "{{ nat.nat_gateway.id }}"
        status: nat_gateway.status
        succeeded: [ACTIVE]
        failed: [ERROR]
        running: [PENDING_CREATE, PENDING_UPDATE]

- name: Credentials once for the whole collection
  module_defaults:
    group/hwcloud.jobs.hwcloud:
      region: cn-north-4
      access_key: "{{ vault_ak }}"
      secret_key: "{{ vault_sk }}"
  block:
    - name: Wait for a desktop creation job
      hwcloud.jobs.wait_for_job:
        service: workspace
        job_id: "{{ desktops.started[0].job_id }}"
        progress_interval: 10
"""

RETURN = r"""
jobs:
  description:
    - The job records, as the service's info module returns them; for a request or task, every job in it.
    - A resource's record (or a declared entry's) has the same keys. C(job_id) is the resource's ID, C(state)
      what its status means, C(status) its raw status (also where the answer keeps it, as C(status_at) names), its
      parent IDs (C(cluster_id)) beside it, and every field of the answer's object. A resource waited on with
      O(until=absent) and gone is C(state) V(succeeded) with C(absent) V(true).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: list
  elements: dict
  sample:
    - service: cfw
      job_id: f588ce71-e26c-400d-8981-f854355f6849
      id: f588ce71-e26c-400d-8981-f854355f6849
      status: Success
      state: succeeded
      begin_time: 1641370501000
      end_time: 1641370515000
      started_at: "2022-01-05T08:15:01Z"
      ended_at: "2022-01-05T08:15:15Z"
      duration: 14.0
      progress: null
succeeded_ids:
  description: IDs of the jobs that succeeded (for a request or task, the IDs of the jobs inside it).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: list
  elements: str
  sample: [f588ce71-e26c-400d-8981-f854355f6849]
failed_ids:
  description: IDs of the jobs that failed, including IDs the service never showed within O(not_found_timeout).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: list
  elements: str
  sample: []
pending_ids:
  description:
    - IDs of the jobs not done when the wait ended, empty when every job ended.
    - They are the jobs left at the deadline (RV(timed_out) is V(true)), or the jobs left when O(fail_fast) ended the
      wait at a failed job (RV(stopped_early) is V(true)).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: list
  elements: str
  sample: []
elapsed:
  description: Seconds the wait took.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: float
  sample: 12.402
polls:
  description: Status calls made (one per job, request or task per round; pages of a CPH request count once).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: int
  sample: 7
transient_errors:
  description: Status calls that failed transiently even after the client's retries, and were polled again later.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: int
  sample: 0
retries:
  description: HTTP retries the client made for transient failures.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: int
  sample: 0
by_service:
  description: Per service, how many jobs succeeded, failed and were still pending.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: dict
  sample: {cfw: {succeeded: 2, failed: 0, pending: 0}, workspace: {succeeded: 0, failed: 1, pending: 0}}
throttled:
  description: Status calls the API answered with HTTP 429 (throttled); the client slows down after the first.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: int
  sample: 0
timed_out:
  description: Whether the deadline passed with jobs not done.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: bool
  sample: false
stopped_early:
  description: V(true) when O(fail_fast) ended the wait before the deadline (at a failed job, with other jobs not done, in RV(pending_ids)).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: bool
  sample: false
"""
