#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This is a documentation-only stub: the work is done by the action plugin of the same name,
# on the controller (the convention of ansible.builtin.wait_for_connection).

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: api_call
short_description: Call any Huawei Cloud API, signed, and wait on the jobs it starts
version_added: 0.3.0
description:
  - Sends one call to a Huawei Cloud API with the collection's auth (AK/SK signing, a token, or an IAM password login),
    hosts and C(module_defaults) group, and returns its answer.
  - The target is either O(service), an entry of the collection's table (its host from O(region), O(cloud),
    O(endpoint) or O(endpoints)) with O(path), or O(url), an absolute URL of an API the table does not know, signed the same way.
  - When O(service) is given, the jobs the answer started are read into RV(started), in the form the O(hwcloud.jobs.wait_for_job#module:jobs) option
    of M(hwcloud.jobs.wait_for_job) takes. The ids are looked for through the whole answer, at any depth, lists and
    envelopes included (C(job_id), C(jobId), C(jobid), C(jobID), C(task_id), a CPH C(request_id) where no job id sits beside it,
    as in CCE's C(status.jobID), CPH's C(jobs[].job_id), RDS's C(restore_result[].job_id) or KooPhone's C(data.data.task_id)),
    keeping the id kinds the service takes. An id that its status call scopes by a parent (a DMS task by its instance,
    a GES job by its graph) is started with the parent the call's own O(path) names where the status call's path has it
    (C(/instances/{instance_id}/)); without one it is not (give both ids to M(hwcloud.jobs.wait_for_job)).
  - The orders a prepaid call placed (C(order_id), C(orderId), C(orders[]), per item as in C(results[].order_id)) are in
    RV(orders) and, as entries with C(service=bss) and their C(order_id), in RV(started).
  - With O(wait=true) those jobs and orders are waited on in the same task and HTTP session, under one O(timeout), as
    M(hwcloud.jobs.wait_for_job) waits, and the task returns what M(hwcloud.jobs.wait_for_job) returns; a failed job fails
    the task with the same message. An order is done when completed and the resources it made are listed (C(jobs[].resources)).
    When the wait on a placed order fails, the message says so and how to wait on it, since sending the call again places
    another order.
  - A call that changes something (any method but V(GET)) is never sent twice by the collection. It is sent again only when the
    answer says it was not processed (HTTP 429, or the API gateway's throttling code C(APIGW.0308)) or when the connection
    failed before a byte was sent (refused, connect timeout). A read timeout, a reset connection or a 5xx answer fails the task
    with the request id, saying that the call may have been applied and how to check.
  - V(PUT) and V(DELETE) are treated like V(POST) and V(PATCH). On this cloud many of them start jobs (deleting servers,
    resizing) or answer differently the second time (a 404 for a deletion already under way), so a second send could start a
    second job or hide the first one's answer. V(GET) is retried on 429, 5xx and connection errors, as every read of the collection is.
  - Values under keys that name a secret (C(password), C(adminPass), C(secret), C(token), C(private_key), C(user_data), and
    others, at any depth) are masked in the result, in the C(-vvvv) output and in error messages. Add C(no_log=true) to
    the task for anything else sensitive.
notes:
  - A create sent twice creates twice. Running the same play again sends the same POST again, and most of the cloud's
    creates take no idempotency key, so a second run makes a second set of servers (and places a second prepaid order).
    To make a play safe to rerun, look the resource up by name first with a V(GET) through this module and create it
    only when it is absent (the example below, and C(playbooks/create_if_absent.yml)).
  - C(changed) is true only when a call other than V(GET) was sent and not refused (a status of 400 or more, even one
    accepted through O(status_code), changed nothing); a V(GET) is never a change. In check mode nothing but a V(GET) is sent.
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  service:
    description:
      - The service to call, an entry of the collection's table; its host is resolved as for the other modules.
      - Exactly one of O(service) and O(url) is required.
    type: str
    choices: [bms, bss, cbr, cce, cfw, cph, dcs, dds, dli, dws, ecs, elb, evs, functiongraph, gaussdb, geip, geminidb,
              ges, ims, kafka, koophone, mrs, rabbitmq, rds, rocketmq, sdrs, sfsturbo, sms, taurusdb, vpc, workspace]
  url:
    description:
      - An absolute C(https://) URL, for an API the table does not know.
      - Plain C(http://) is refused unless its host is loopback (C(127.0.0.1), C(::1) or C(localhost), such as a local
        emulator or proxy) or O(allow_insecure_http=true).
      - Must not carry credentials or a fragment. O(path), when given, is appended to its path.
      - An IAM token (O(auth_token), or the one a password login made) is sent only to hosts under O(cloud)'s domain or
        named in O(endpoint), O(endpoints) or O(iam_endpoint); other hosts need AK/SK signing or O(send_token_to_any_host=true).
      - No start rule applies to a URL, so RV(started) is empty and O(wait) is refused.
    type: str
  method:
    description:
      - The HTTP method.
    type: str
    default: GET
    choices: [GET, POST, PUT, PATCH, DELETE]
  path:
    description:
      - The API path, starting with C(/); C({project_id}) is filled with the project (given, or looked up from IAM).
      - Must not hold C(..), C(#), C(?) or any other placeholder. Required with O(service).
    type: str
  query:
    description:
      - Query parameters; a list value repeats its parameter (C(tag=a&tag=b)). Signed as sent.
    type: dict
  body:
    description:
      - The request body, a mapping or a list, sent as JSON (UTF-8) and signed.
    type: raw
  headers:
    description:
      - Extra request headers. The auth and signing headers (C(Authorization), C(X-Auth-Token), C(X-Sdk-Date), C(Host),
        C(X-Security-Token), C(X-Project-Id), C(X-Domain-Id)) are set by the collection and cannot be given.
    type: dict
  status_code:
    description:
      - The HTTP statuses that count as success (100-599). Default any 2xx.
    type: list
    elements: int
  wait:
    description:
      - Wait on the jobs the answer started and the orders it placed (RV(started)), in the same task and session, until each is
        done or O(timeout) passes.
      - The wait takes O(timeout), O(poll_interval), O(max_poll_interval), O(not_found_timeout), O(max_concurrency) and
        O(fail_fast), as M(hwcloud.jobs.wait_for_job) does, and a failed job fails the task.
      - Needs O(service). Fails, naming where it looked, when the answer holds neither a job id nor an order.
    type: bool
    default: false
  timeout:
    aliases: [wait_timeout]
  send_token_to_any_host:
    description:
      - Send an IAM token to an O(url) host that is neither under O(cloud)'s domain nor named in O(endpoint) or O(endpoints).
      - A token is valid for hours for every API the user may call; prefer AK/SK signing, whose signature is good for one request.
    type: bool
    default: false
extends_documentation_fragment:
  - hwcloud.jobs.wait_options
  - hwcloud.jobs.connection
attributes:
  action:
    support: full
    description: Runs as an action plugin on the controller.
  check_mode:
    support: full
    description: A V(GET) is sent; any other method is not, and the result says what would have been sent, with C(changed=true).
seealso:
  - module: hwcloud.jobs.wait_for_job
    description: Wait on jobs started earlier, by their IDs or the RV(started) of an earlier call.
  - module: hwcloud.jobs.job_info
  - module: hwcloud.jobs.cph_job_info
  - module: hwcloud.jobs.koophone_task_info
  - module: hwcloud.jobs.workspace_job_info
  - module: hwcloud.jobs.cfw_job_info
"""

EXAMPLES = r"""
- name: Create three servers and wait until they are up
  hwcloud.jobs.api_call:
    service: ecs
    method: POST
    path: /v1/{project_id}/cloudservers
    body:
      server:
        name: web
        count: 3
        imageRef: "{{ image_id }}"
        flavorRef: s6.small.1
        vpcid: "{{ vpc_id }}"
        nics: [{subnet_id: "{{ subnet_id }}"}]
        root_volume: {volumetype: SSD}
        adminPass: "{{ vault_admin_pass }}"
    wait: true
    timeout: 900
  register: created

- name: Restart phones now, wait for them in a later task
  hwcloud.jobs.api_call:
    service: cph
    method: POST
    path: /v1/{project_id}/cloud-phone/phones/batch-restart
    body:
      phones: [{phone_id: 1234567b8bab40ffb711234cb80d0234}]
  register: restart

- name: Wait for them
  hwcloud.jobs.wait_for_job:
    jobs: "{{ restart.started }}"

- name: Safe to rerun, step 1 - look the server up by name (a GET changes nothing)
  hwcloud.jobs.api_call:
    service: ecs
    path: /v1/{project_id}/cloudservers/detail
    query: {name: web-1}
  register: found

- name: Safe to rerun, step 2 - create it only when no server has exactly that name
  hwcloud.jobs.api_call:
    service: ecs
    method: POST
    path: /v1/{project_id}/cloudservers
    body: {server: {name: web-1, imageRef: "{{ image_id }}", flavorRef: s6.small.1, vpcid: "{{ vpc_id }}",
                    nics: [{subnet_id: "{{ subnet_id }}"}], root_volume: {volumetype: SSD}}}
    wait: true
  when: found.json.servers | selectattr('name', 'equalto', 'web-1') | list | length == 0

- name: A yearly server, paid at once; the wait ends when the order made it
  hwcloud.jobs.api_call:
    service: ecs
    method: POST
    path: /v1/{project_id}/cloudservers
    body:
      server:
        name: db
        imageRef: "{{ image_id }}"
        flavorRef: s6.small.1
        vpcid: "{{ vpc_id }}"
        nics: [{subnet_id: "{{ subnet_id }}"}]
        root_volume: {volumetype: SSD}
        extendparam: {chargingMode: prePaid, periodType: year, periodNum: 1, isAutoPay: "true"}
    wait: true
  register: yearly   # yearly.jobs[0].resources: the server id

- name: Read an API the table does not know (repeated query keys)
  hwcloud.jobs.api_call:
    url: https://vpc.cn-north-4.myhuaweicloud.com/v1/{project_id}/vpcs
    query:
      limit: 10
      id: [vpc-1, vpc-2]
  register: vpcs
"""

RETURN = r"""
status:
  description: The HTTP status of the answer.
  returned: when an answer came
  type: int
  sample: 200
json:
  description: The answer's body, parsed, with values under secret-looking keys masked.
  returned: when the answer's body is JSON
  type: raw
  sample: {job_id: 70a599e0-31e7-49b7-b260-868f441e862b, serverIds: []}
content:
  description: The answer's body as text, when it is not JSON.
  returned: when the answer's body is not JSON
  type: str
  sample: ""
request_id:
  description: The answer's C(X-Request-Id), to quote to support.
  returned: when an answer came
  type: str
  sample: 6837531fd3f54550927b930180a706bf
started:
  description: The jobs the answer started, in the form O(hwcloud.jobs.wait_for_job#module:jobs) takes.
  returned: when an answer came
  type: list
  elements: dict
  sample: [{service: ecs, job_id: 70a599e0-31e7-49b7-b260-868f441e862b}, {service: bss, order_id: CS1711150911QLLQK}]
not_started:
  description: Entries of a batch answer that carry an error instead of a job id (a CPH phone it could not restart), each with
    C(service), C(error_code) and C(error_msg). A warning names them; with O(wait=true) they fail the task.
  returned: when an answer came
  type: list
  elements: dict
  sample: [{service: cph, phone_id: 1678567b8bab40f93711234cb80d0764, error_code: CPS.0005, error_msg: Phone not found.}]
orders:
  description: The order ids a prepaid call placed (C(order_id), C(orderId), C(orders[]), at any depth); RV(started) holds them
    too, as entries with C(service=bss) and their C(order_id).
  returned: when an answer came
  type: list
  elements: str
  sample: []
request:
  description: In check mode, for a method other than V(GET), what would have been sent (method, URL, query pairs, body with secrets masked).
  returned: in check mode, for a method other than GET
  type: dict
  sample: {method: POST, url: "https://ecs.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/cloudservers", query: [], body: {}}
may_be_applied:
  description: When the call failed, whether it may have been applied all the same (sent, and no answer said it was not processed).
  returned: when the call failed
  type: bool
  sample: true
jobs:
  description: With O(wait=true), the started jobs' records, as M(hwcloud.jobs.wait_for_job) returns them.
  returned: when the wait ran
  type: list
  elements: dict
  sample: []
succeeded_ids:
  description: With O(wait=true), as M(hwcloud.jobs.wait_for_job) returns it.
  returned: when the wait ran
  type: list
  elements: str
  sample: []
failed_ids:
  description: With O(wait=true), as M(hwcloud.jobs.wait_for_job) returns it.
  returned: when the wait ran
  type: list
  elements: str
  sample: []
pending_ids:
  description: With O(wait=true), the IDs of the jobs not done when the wait ended, at the deadline or when O(fail_fast) ended it;
    empty when every job ended.
  returned: when the wait ran
  type: list
  elements: str
  sample: []
by_service:
  description: With O(wait=true), per service, how many jobs succeeded, failed and were pending.
  returned: when the wait ran
  type: dict
  sample: {ecs: {succeeded: 1, failed: 0, pending: 0}}
elapsed:
  description: With O(wait=true), seconds the wait took.
  returned: when the wait ran
  type: float
  sample: 12.4
polls:
  description: With O(wait=true), status calls made.
  returned: when the wait ran
  type: int
  sample: 4
transient_errors:
  description: With O(wait=true), status calls that failed transiently even after the client's retries, and were polled again later.
  returned: when the wait ran
  type: int
  sample: 0
retries:
  description: With O(wait=true), HTTP retries the client made for transient failures.
  returned: when the wait ran
  type: int
  sample: 0
throttled:
  description: With O(wait=true), status calls the API answered with HTTP 429 (throttled).
  returned: when the wait ran
  type: int
  sample: 0
timed_out:
  description: With O(wait=true), whether the deadline O(timeout) passed with jobs not done.
  returned: when the wait ran
  type: bool
  sample: false
stopped_early:
  description: With O(wait=true), V(true) when O(fail_fast) ended the wait before the deadline (at a failed job, with other jobs not done, in RV(pending_ids)).
  returned: when the wait ran
  type: bool
  sample: false
"""
