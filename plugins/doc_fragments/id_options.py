# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The id options of job_info and wait_for_job: one per id kind of the service table (plugins/plugin_utils/wait.py
    # id_options(), common.job_info_argument_spec()), each one ID or a list. A resource's states are the ones its
    # record's state follows, read or waited on; wait_for_job's until reaches others.
    DOCUMENTATION = r"""
options:
  job_id:
    description:
      - One job ID or a list of them, of O(service), as returned when the job was submitted (every service but KooPhone
        and BSS).
    type: list
    elements: str
  request_id:
    description:
      - CPH only. One request ID or a list; every job of each request, read in one call (with its pages) per request.
    type: list
    elements: str
  task_id:
    description:
      - KooPhone and SMS. One task ID or a list; every job of each KooPhone task, or each SMS migration task.
      - C(kafka), C(rabbitmq) and C(rocketmq), with O(instance_id) (the one instance that holds the tasks); C(CREATED),
        C(EXECUTING) until C(SUCCESS); C(FAILED), C(CANCELLED) or C(DELETED) fails it. A task ID without its instance ID is
        refused before anything is sent.
    type: list
    elements: str
  operation_log_id:
    description:
      - CBR only. One operation log ID (a CBR task) or a list.
    type: list
    elements: str
  order_id:
    description:
      - BSS only. One prepaid order ID or a list; an order succeeds once completed (status 5), naming the resources it
        made (C(jobs[].resources), main resource first). Pending payment (6) and processing (3) are running;
        cancelled (4) is a failure.
    type: list
    elements: str
  server_id:
    description:
      - C(ecs) only. One server ID or a list; the server itself, C(BUILD) (and resizing, rebooting, migrating) until
        C(ACTIVE); C(ERROR) or C(DELETED) fails it. C(SHUTOFF) and the other stable states are waited on with
        O(hwcloud.jobs.wait_for_job#module:until).
    type: list
    elements: str
  volume_id:
    description:
      - C(evs) only. One volume ID or a list; the disk, C(creating), C(extending), ... until C(available) or C(in-use);
        C(error) and the C(error_*) statuses fail it.
    type: list
    elements: str
  instance_id:
    description:
      - C(rds) or C(dcs). One instance ID or a list. RDS C(BUILD), C(MODIFYING), C(REBOOTING), ... until C(ACTIVE),
        C(FAILED) fails it; DCS C(CREATING), C(RESTARTING), C(EXTENDING), ... until C(RUNNING), C(ERROR) or C(CREATEFAILED)
        fails it.
    type: list
    elements: str
  cluster_id:
    description:
      - C(cce) only. One cluster ID or a list; C(Creating), C(Upgrading), ... until C(Available); C(Error), C(Unavailable)
        or C(RollbackFailed) fails it. With O(node_id), the one cluster that holds the nodes.
    type: list
    elements: str
  node_id:
    description:
      - C(cce) only, with O(cluster_id). One node ID or a list; C(Build), C(Installing), ... until C(Active);
        C(Abnormal), C(Error) or C(RepairFailed) fails it.
    type: list
    elements: str
  job_execution_id:
    description:
      - C(mrs) only, with O(cluster_id) (the one cluster that runs them). One job execution ID or a list; C(job_state)
        C(NEW) (C(New)), C(SUBMITTED), C(ACCEPTED), C(RUNNING), ... until C(FINISHED) with C(job_result) C(SUCCEEDED); C(FAILED) or
        C(KILLED) (either field) fails it.
    type: list
    elements: str
  graph_id:
    description:
      - C(ges) only. The one graph that holds the jobs given as O(job_id); C(pending), C(running) until C(success);
        C(failed) or C(partiallyFailed) fails it. A GES job ID without its graph ID is refused before anything is sent.
    type: list
    elements: str
  function_urn:
    description:
      - C(functiongraph) only. The one function URN (it holds C(:)) whose asynchronous invocations are given as
        O(request_id); C(WAIT), C(RUNNING) until C(SUCCESS); C(FAIL) or C(DISCARD) fails it.
    type: list
    elements: str
  vpc_id:
    description:
      - C(vpc) only. One VPC ID or a list; C(CREATING) until C(OK); C(ERROR) fails it.
    type: list
    elements: str
  subnet_id:
    description:
      - C(vpc) only. One subnet ID or a list; C(UNKNOWN) (not yet attached to the router) until C(ACTIVE); C(ERROR) fails it.
    type: list
    elements: str
  publicip_id:
    description:
      - C(vpc) only. One elastic IP ID or a list; C(PENDING_CREATE), C(BINDING), ... until C(ACTIVE), C(DOWN), C(ELB) or
        C(VPN); C(ERROR) or C(BIND_ERROR) fails it.
    type: list
    elements: str
  loadbalancer_id:
    description:
      - C(elb) only. One load balancer ID or a list; C(provisioning_status) C(PENDING_CREATE) or C(PENDING_UPDATE) until
        C(ACTIVE); C(ERROR) fails it.
    type: list
    elements: str
"""
