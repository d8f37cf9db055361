#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: workspace_job_info
short_description: Get the status of a Workspace (cloud desktop) job with its sub-jobs
version_added: 0.1.0
description:
  - Reads one Workspace job, for example the creation of many desktops, with its sub-jobs (one per desktop).
  - The job is V(succeeded) only when its own status is a success and every sub-job succeeded;
    a failed sub-job makes the job V(failed), and RV(jobs[].failed_sub_jobs) says which desktops failed and why.
  - Progress is the job's own C(process), or the mean of its sub-jobs' C(process).
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  job_id:
    description:
      - Job ID.
    type: str
    required: true
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
  - module: hwcloud.jobs.job_info
  - module: hwcloud.jobs.cph_job_info
  - module: hwcloud.jobs.koophone_task_info
  - module: hwcloud.jobs.cfw_job_info
"""

EXAMPLES = r"""
- name: Status of a desktop creation job
  hwcloud.jobs.workspace_job_info:
    region: cn-north-4
    job_id: 2382dd96-1234-56d0-a111-c4b09a35b58f
  register: wks

- name: Desktops that failed
  ansible.builtin.debug:
    msg: "{{ item.desktop_name }}: {{ item.error_code }} {{ item.fail_reason }}"
  loop: "{{ wks.jobs[0].failed_sub_jobs }}"
"""

RETURN = r"""
jobs:
  description: The job, as a list of one record.
  returned: success
  type: list
  elements: dict
  contains:
    service:
      description: The service that holds the job.
      type: str
      returned: always
      sample: workspace
    job_id:
      description: Job ID (the API's RV(jobs[].id), or the ID asked for when the API sends none).
      type: str
      returned: always
      sample: 2382dd96-1234-56d0-a111-c4b09a35b58f
    id:
      description: Job ID as sent.
      type: str
      returned: when the API sends it
      sample: 2382dd96-1234-56d0-a111-c4b09a35b58f
    job_type:
      description: Job type.
      type: str
      returned: when the API sends it
      sample: CREATE_DESKTOP
    status:
      description: Raw status, V(INIT), V(WAITING), V(RUNNING), V(SUCCESS), V(COMPLETE), V(FAIL) or V(FAILED).
      type: str
      returned: when the API sends it
      sample: RUNNING
    state:
      description:
        - V(running), V(succeeded), V(failed) or V(unknown); a failed sub-job makes it V(failed),
          and V(succeeded) needs every sub-job to have succeeded.
      type: str
      returned: always
      sample: running
    begin_time:
      description: Start time as sent.
      type: str
      returned: when the API sends it
      sample: "2026-11-23T08:00:00.000Z"
    end_time:
      description: End time as sent.
      type: str
      returned: when the API sends it
      sample: null
    started_at:
      description: RV(jobs[].begin_time) as ISO 8601 UTC, or null.
      type: str
      returned: always
      sample: "2026-11-23T08:00:00Z"
    ended_at:
      description: RV(jobs[].end_time) as ISO 8601 UTC, or null.
      type: str
      returned: always
      sample: null
    duration:
      description: Seconds from start to end, or null.
      type: float
      returned: always
      sample: null
    progress:
      description: Percent done, 0-100, or null when the API gives none.
      type: int
      returned: always
      sample: 40
    job_error_code:
      description: Error code of the job.
      type: str
      returned: when the API sends it
      sample: WKS.00010032
    fail_reason:
      description: Why the job failed.
      type: str
      returned: when the API sends it
      sample: null
    sub_jobs_total:
      description: Number of sub-jobs.
      type: int
      returned: when the API sends it
      sample: 2
    sub_jobs:
      description: The sub-jobs, each as sent plus RV(jobs[].state), C(started_at), C(ended_at), C(duration) and C(progress).
      type: list
      elements: dict
      returned: always
      sample:
        - id: 8a2c3f4e-0001
          status: SUCCESS
          state: succeeded
          process: 100
          progress: 100
          entities: {desktop_id: 3d3a6f12-0001, desktop_name: desk-01, user_name: alice}
    sub_jobs_without_status:
      description: The IDs of the sub-jobs sent with no status at all; they neither fail the job nor hold a finished one.
      type: list
      elements: str
      returned: always
      sample: []
    failed_sub_jobs:
      description: The sub-jobs that failed, each with C(id), C(desktop_id), C(desktop_name), C(user_name), C(error_code), C(fail_reason).
      type: list
      elements: dict
      returned: always
      sample:
        - id: 8a2c3f4e-0002
          desktop_id: 3d3a6f12-0002
          desktop_name: desk-02
          user_name: bob
          error_code: WKS.00010059
          fail_reason: Insufficient resources.
"""

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import run_named_info_module


def main():
    run_named_info_module("workspace")


if __name__ == "__main__":
    main()
