"""The vendor's own published job bodies, read through fetch_jobs as a user's call would read them.

Each case follows one published page (named by title and URL beside it): the API reference pages of Huawei
Cloud, their Open Telekom Cloud mirrors (the reStructuredText sources of docs.otc.t-systems.com, in the
opentelekomcloud-docs GitHub organisation), and the test fixtures of the vendor's Go SDKs. Bodies are given as
the page prints them, quirks included (an empty end_time on a running job, a missing ``ended``, ``+0000``
offsets, ``+0800`` text as CFW's table describes it, epoch milliseconds as numbers and as strings, sub-jobs nested two levels deep, ``process`` where a
progress is meant, a key with a stray space, IMS's '04-Jun-2015 18:11:06:586'); where a page prints JSON that
does not parse (a trailing comma), the case holds the same values. Each case states the state, times and
sub-job facts the page gives.
"""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client, Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, fetch_jobs
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import status_note

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params


class Page:
    def __init__(self, title, url):
        self.title = title
        self.url = url


CPH_LIST = Page("Querying the Task Execution Status List (ListJobs)", "https://support.huaweicloud.com/en-us/api-cph/cph_api_0522.html")
CPH_ONE = Page("查询任务执行状态 - ShowJob (Querying the Task Execution Status)", "https://support.huaweicloud.com/api-cph/cph_api_0521.html")
KOOPHONE = Page("Querying Instance Execution Tasks (GetTask)", "https://support.huaweicloud.com/intl/en-us/api-koophone/GetTask.html")
KOOPHONE_EXPLORER = Page("API Explorer: KooPhone GetTask", "https://console.huaweicloud.com/apiexplorer/#/openapi/KooPhone/doc?api=GetTask")
WORKSPACE = Page("Querying Task Details (ShowJob)", "https://support.huaweicloud.com/intl/en-us/api-workspace/ShowJob.html")
CFW = Page("Obtaining the Status of a CFW Task (ListJob), OTC mirror of List Job Status",
           "https://docs.otc.t-systems.com/cloud-firewall/api-ref/api/firewall_management/obtaining_the_status_of_a_cfw_task.html")
ECS = Page("Querying Task Execution Status (OTC)",
           "https://docs.otc.t-systems.com/elastic-cloud-server/api-ref/apis_recommended/task_status_management/querying_task_execution_status.html")
EVS = Page("Querying Task Status (OTC, evs_04_0054)",
           "https://docs.otc.t-systems.com/elastic-volume-service/api-ref/apis_recommended/task_management/querying_task_status.html")
IMS = Page("Querying the Status of an Asynchronous Job (OTC)",
           "https://docs.otc.t-systems.com/image-management-service/api-ref/ims_apis/image_jobs/querying_the_status_of_an_asynchronous_job.html")
IMS_OLD = Page("Asynchronous Job Query (OTC, en-us_topic_0022473688, the page before its 2025 rewrite)",
               "https://docs.otc.t-systems.com/en-us/api/ims/en-us_topic_0022473688.html")
BMS = Page("Querying Task Statuses (OTC, en-us_topic_0118696596)",
           "https://docs.otc.t-systems.com/bare-metal-server/api-ref/bms_apis/task_management/querying_task_statuses.html")
DCS = Page("Querying the Job Execution Result of a Tenant (ShowJobInfo, OTC)",
           "https://docs.otc.t-systems.com/distributed-cache-service/api-ref/apis_v2_recommended/background_task_management/"
           "querying_the_job_execution_result_of_a_tenant.html")
CCE = Page("Reading Job Progress (OTC, cce_02_0247)",
           "https://docs.otc.t-systems.com/cloud-container-engine/api-ref/apis/cluster_management/reading_job_progress.html")
CCE_GO_FIXTURE = Page("Go SDK test fixture JobOutput (openstack/cce/v3/nodes/testing/fixtures.go)",
                      "https://github.com/huaweicloud/golangsdk/blob/master/openstack/cce/v3/nodes/testing/fixtures.go")
RDS = Page("Obtaining Information About a Task with a Specified ID (OTC, rds_13_0003)",
           "https://docs.otc.t-systems.com/relational-database-service/api-ref/api_v3_recommended/obtaining_task_information/"
           "obtaining_information_about_a_task_with_a_specified_id.html")


class Case:
    """One published body: the service, the id a user asks by, what the HTTP answer is, and what the page says."""

    def __init__(self, name, page, service, id_kind, job_ref, body, expect, region="cn-north-4"):
        self.name = name
        self.page = page
        self.service = service
        self.id_kind = id_kind
        self.job_ref = job_ref
        self.body = body
        self.expect = expect
        self.region = region


CASES = [
    # ---- CPH ----
    Case("cph list: one failed, one succeeded", CPH_LIST, "cph", "request_id", "6a63a18b8bab40ffb71ebd9cb80d0085", {
        "request_id": "6a63a18b8bab40ffb71ebd9cb80d0085",
        "jobs": [
            {"phone_id": "1234567b8bab40ffb711234cb80d0234", "server_id": "1e223c8e-3ad0-4bf0-a837-bc90d4f91d01",
             "node_id": "1e223c8e-3ad0-4bf0-a837-bc90d4f91d01", "job_id": "1564567b8bab40f34711234cb80d0123",
             "begin_time": "2017-10-25T00:00:00Z", "end_time": "2017-10-25T00:00:30Z", "status": -1,
             "error_code": "CPS0005", "error_msg": "Phone not found."},
            {"phone_id": "abc4567b8bab40ffb711234cb80d0abc", "server_id": "1e223c8e-3ad0-4bf0-a837-bc90d4f91d01",
             "node_id": "1e223c8e-3ad0-4bf0-a837-bc90d4f91d01", "job_id": "1564567b8bab40f34711234cb80d0456",
             "begin_time": "2017-10-25T00:00:00Z", "end_time": "2017-10-25T00:00:32Z", "status": 2,
             "error_code": "", "error_msg": ""},
        ]}, [
        dict(job_id="1564567b8bab40f34711234cb80d0123", state="failed", started_at="2017-10-25T00:00:00Z",
             ended_at="2017-10-25T00:00:30Z", duration=30.0),
        dict(job_id="1564567b8bab40f34711234cb80d0456", state="succeeded", ended_at="2017-10-25T00:00:32Z", duration=32.0),
    ]),
    Case("cph one job: succeeded, nulls for the error fields", CPH_ONE, "cph", "job_id", "6837531fd3f54550927b930180a706bf", {
        "error_msg": None, "execute_msg": None, "job_id": "6837531fd3f54550927b930180a706bf",
        "phone_id": "9b28fbe50ded4060b8149a47e55dba82", "end_time": "2019-04-26T07:00:06Z",
        "begin_time": "2019-04-26T07:00:00Z", "error_code": None, "request_id": "2676a3b4f7df49c297c6775989806d32",
        "status": 2}, [
        dict(job_id="6837531fd3f54550927b930180a706bf", state="succeeded", started_at="2019-04-26T07:00:00Z",
             ended_at="2019-04-26T07:00:06Z", duration=6.0),
    ]),
    # ---- KooPhone: the reference page's example, and the statuses 0 and 3 of the current API definition ----
    Case("koophone task: one failed, one succeeded with output", KOOPHONE, "koophone", "task_id", "6837531fd3f54550927b930180a706bf", {
        "data": {"jobs": [
            {"job_id": "1564567b8bab40f34711234cb80d0123", "status": -1, "error_code": "CPS0005",
             "error_msg": "Phone not found.", "execute_msg": None},
            {"job_id": "1564567b8bab40f34711234cb80d0456", "status": 2, "error_code": "", "error_msg": "",
             "execute_msg": "xxxxxx"}]},
        "error_code": "0", "error_msg": "ok"}, [
        dict(job_id="1564567b8bab40f34711234cb80d0123", state="failed", started_at=None, ended_at=None),
        dict(job_id="1564567b8bab40f34711234cb80d0456", state="succeeded", execute_msg="xxxxxx"),
    ], region="cn-south-1"),
    Case("koophone app-install task: 0 not run yet, 3 failed", KOOPHONE_EXPLORER, "koophone", "task_id", "ZGCA0001", {
        "data": {"jobs": [
            {"job_id": "1564567b8bab40f34711234cb80d0789", "status": 0, "error_code": "", "error_msg": "", "execute_msg": None},
            {"job_id": "1564567b8bab40f34711234cb80d0790", "status": 3, "error_code": "KOOPHONE.API.1323",
             "error_msg": "app install task not exist", "execute_msg": None}]},
        "error_code": "0", "error_msg": "ok"}, [
        dict(job_id="1564567b8bab40f34711234cb80d0789", state="running"),
        dict(job_id="1564567b8bab40f34711234cb80d0790", state="failed"),
    ], region="cn-south-1"),
    # ---- Workspace: the page's own example is the empty object ----
    Case("workspace: the page's example body { }", WORKSPACE, "workspace", "job_id", "2382dd96-0e30-4a8a-8c86-3d1d2b6e5c11", {}, [
        dict(job_id="2382dd96-0e30-4a8a-8c86-3d1d2b6e5c11", state="unknown", sub_jobs=[], failed_sub_jobs=[],
             sub_jobs_without_status=[], progress=None),
    ]),
    # ---- CFW: epoch milliseconds as integers, inside the data envelope ----
    Case("cfw: pay-per-use firewall creation task", CFW, "cfw", "job_id", "f588ce71-e26c-400d-8981-f854355f6849", {
        "data": {"begin_time": 1641370501000, "end_time": 1641370515000, "id": "f588ce71-e26c-400d-8981-f854355f6849",
                 "status": "Success"}}, [
        dict(job_id="f588ce71-e26c-400d-8981-f854355f6849", state="succeeded", started_at="2022-01-05T08:15:01Z",
             ended_at="2022-01-05T08:15:15Z", duration=14.0, begin_time=1641370501000),
    ]),
    Case("cfw: the same job in the text the page's table gives ('Beijing time ... +0800')", CFW, "cfw", "job_id",
         "f588ce71-e26c-400d-8981-f854355f6849", {
             "data": {"begin_time": "2022-01-05T16:15:01+0800", "end_time": "2022-01-05T16:15:15+0800",
                      "id": "f588ce71-e26c-400d-8981-f854355f6849", "status": "Success"}}, [
             dict(job_id="f588ce71-e26c-400d-8981-f854355f6849", state="succeeded", started_at="2022-01-05T08:15:01Z",
                  ended_at="2022-01-05T08:15:15Z", duration=14.0),
         ]),
    # ---- ECS: a batch creation with one sub-job ----
    Case("ecs: createServer with one createSingleServer sub-job", ECS, "ecs", "job_id", "2c9eb2c5544cbf6101544f0602af2b4f", {
        "status": "SUCCESS",
        "entities": {"sub_jobs_total": 1, "sub_jobs": [
            {"status": "SUCCESS", "entities": {"server_id": "bae51750-0089-41a1-9b18-5c777978ff6d"},
             "job_id": "2c9eb2c5544cbf6101544f0635672b60", "job_type": "createSingleServer",
             "begin_time": "2016-04-25T20:04:47.591Z", "end_time": "2016-04-25T20:08:21.328Z",
             "error_code": None, "fail_reason": None}]},
        "job_id": "2c9eb2c5544cbf6101544f0602af2b4f", "job_type": "createServer",
        "begin_time": "2016-04-25T20:04:34.604Z", "end_time": "2016-04-25T20:08:41.593Z",
        "error_code": None, "fail_reason": None}, [
        dict(job_id="2c9eb2c5544cbf6101544f0602af2b4f", state="succeeded", started_at="2016-04-25T20:04:34.604Z",
             ended_at="2016-04-25T20:08:41.593Z", duration=246.989, failed_sub_jobs=[], sub_jobs_without_status=[],
             sub_states=["succeeded"], sub_started=["2016-04-25T20:04:47.591Z"]),
    ]),
    # ---- EVS: a running job whose end_time is "", and a batch with two sub-jobs ----
    Case("evs: running createVolume with end_time \"\"", EVS, "evs", "job_id", "4010a32d535527910153552b492c0002", {
        "status": "RUNNING", "entities": {"volume_id": "bdf1bb37-f20f-4266-9a04-f43e0a127376"},
        "job_id": "4010a32d535527910153552b492c0002", "job_type": "createVolume",
        "begin_time": "2016-03-08T07:40:13.219Z", "end_time": "", "error_code": None, "fail_reason": None}, [
        dict(job_id="4010a32d535527910153552b492c0002", state="running", started_at="2016-03-08T07:40:13.219Z",
             ended_at=None, duration=None, end_time="", sub_jobs=[]),
    ]),
    Case("evs: batchCreateVolume with two sub-jobs", EVS, "evs", "job_id", "21917a8d52a19b040152a9f2f1eb003e", {
        "status": "SUCCESS",
        "entities": {"sub_jobs": [
            {"status": "SUCCESS", "entities": {"volume_id": "0b549095-4937-4849-8e4c-52aa027d64f7"},
             "job_id": "21917a8d52a19b040152a9f2f2e50041", "job_type": "createVolume",
             "begin_time": "2016-02-04T01:43:37.445Z", "end_time": "2016-02-04T01:44:02.239Z",
             "error_code": None, "fail_reason": None},
            {"status": "SUCCESS", "entities": {"volume_id": "e7bca1a2-d3ed-434f-86f4-a1f11aa80072"},
             "job_id": "21917a8d52a19b040152a9f2f2f60042", "job_type": "createVolume",
             "begin_time": "2016-02-04T01:43:37.462Z", "end_time": "2016-02-04T01:44:02.245Z",
             "error_code": None, "fail_reason": None}]},
        "job_id": "21917a8d52a19b040152a9f2f1eb003e", "job_type": "batchCreateVolume",
        "begin_time": "2016-02-04T01:43:37.193Z", "end_time": "2016-02-04T01:44:08.283Z",
        "error_code": None, "fail_reason": None}, [
        dict(job_id="21917a8d52a19b040152a9f2f1eb003e", state="succeeded", ended_at="2016-02-04T01:44:08.283Z",
             duration=31.09, sub_states=["succeeded", "succeeded"], failed_sub_jobs=[]),
    ]),
    # ---- IMS: the current page (sub_jobs_result), and the older page's time text ----
    Case("ims: imsImportOvaImageJob with a sub_jobs_result", IMS, "ims", "job_id", "9a175ac892fa13420193006a49173317", {
        "job_id": "9a175ac892fa13420193006a49173317", "job_type": "imsImportOvaImageJob",
        "begin_time": "2024-11-06T07:39:45.814Z", "end_time": "2024-11-06T07:49:45.814Z", "status": "SUCCESS",
        "error_code": None, "fail_reason": None,
        "entities": {
            "sub_jobs_result": [
                {"job_id": "9a175ac892fa13420193006c29e133f0", "job_type": "imsImportImageJob",
                 "begin_time": "2024-11-06T07:41:48.896Z", "end_time": "2024-11-06T07:49:45.814Z", "status": "SUCCESS",
                 "error_code": None, "fail_reason": None,
                 "entities": {"image_name": "test", "image_id": "fc496c19-40c2-4220-8b1a-eba9d53fca7b"}}],
            "sub_jobs_list": ["9a175ac892fa13420193006c29e133f0"]}}, [
        dict(job_id="9a175ac892fa13420193006a49173317", state="succeeded", duration=600.0, sub_states=["succeeded"]),
    ]),
    Case("ims: createImageByInstance, '04-Jun-2015 18:11:06:586' and end_time \"\"", IMS_OLD, "ims", "job_id",
         "ff8080814dbd65d7014dbe0d84db0013", {
             "status": "SUCCESS", "entities": {"image_id": "e9e91bff-14b6-4a0b-8377-4ed0813e3360"},
             "job_id": "ff8080814dbd65d7014dbe0d84db0013", "job_type": "createImageByInstance",
             "begin_time": "04-Jun-2015 18:11:06:586", "end_time": "", "error_code": None, "fail_reason": None}, [
             dict(job_id="ff8080814dbd65d7014dbe0d84db0013", state="succeeded", started_at="2015-06-04T18:11:06.586Z",
                  ended_at=None, duration=None, sub_jobs=[]),
         ]),
    # ---- BMS ----
    Case("bms: baremetalBatchCreate with one sub-job", BMS, "bms", "job_id", "2c9eb2c5544cbf6101544f0602af2b4f", {
        "status": "SUCCESS",
        "entities": {"sub_jobs_total": 1, "sub_jobs": [
            {"status": "SUCCESS", "entities": {"server_id": "bae51750-0089-41a1-9b18-5c777978ff6d"},
             "job_id": "2c9eb2c5544cbf6101544f0635672b60", "job_type": "baremetalSingleCreate",
             "begin_time": "2019-04-25T20:04:47.591Z", "end_time": "2019-04-25T20:08:21.328Z",
             "error_code": None, "fail_reason": None}]},
        "job_id": "2c9eb2c5544cbf6101544f0602af2b4f", "job_type": "baremetalBatchCreate",
        "begin_time": "2019-04-25T20:04:34.604Z", "end_time": "2019-04-25T20:08:41.593Z",
        "error_code": None, "fail_reason": None}, [
        dict(job_id="2c9eb2c5544cbf6101544f0602af2b4f", state="succeeded", started_at="2019-04-25T20:04:34.604Z",
             ended_at="2019-04-25T20:08:41.593Z", sub_states=["succeeded"]),
    ]),
    # ---- DCS: epoch milliseconds as strings ----
    Case("dcs: masterStandbySwapJob", DCS, "dcs", "job_id", "ff8080818822bbf70188235afc24141a", {
        "job_id": "ff8080818822bbf70188235afc24141a", "job_type": "masterStandbySwapJob", "status": "SUCCESS",
        "begin_time": "1684191545379", "end_time": "1684191548248", "fail_reason": None}, [
        dict(job_id="ff8080818822bbf70188235afc24141a", state="succeeded", started_at="2023-05-15T22:59:05.379Z",
             ended_at="2023-05-15T22:59:08.248Z", duration=2.869, begin_time="1684191545379"),
    ]),
    # ---- CCE: Go's time text with nanoseconds; and the Go SDK's fixture, sub-jobs two levels deep ----
    Case("cce: CreateCluster still running, two finished steps", CCE, "cce", "job_id", "354331b2c-229a-11e8-9c75-0255ac100ceb", {
        "kind": "Job", "apiVersion": "v3",
        "metadata": {"uid": "354331b2c-229a-11e8-9c75-0255ac100ceb",
                     "creationTimestamp": "2020-02-02 08:12:40.672772389 +0000 UTC",
                     "updateTimestamp": "2020-02-02 08:21:50.478108569 +0000 UTC"},
        "spec": {
            "type": "CreateCluster", "clusterUID": "4d1ecb2c-229a-11e8-9c75-0255ac100ceb",
            "resourceID": "6f4dcb2c-229a-11e8-9c75-0255ac100ceb", "resourceName": "cluster-name",
            "extendParam": {"serverID": "bc467e3a-2338-11e8-825b-0255ac100c13"},
            "subJobs": [
                {"kind": "Job", "apiVersion": "v3",
                 "metadata": {"uid": "fd474fab-9606-11e8-baa9-0255ac10215d",
                              "creationTimestamp": "2020-02-02 03:52:34.615819618 +0000 UTC",
                              "updateTimestamp": "2020-02-02 04:05:29.196243031 +0000 UTC"},
                 "spec": {"type": "InstallMaster", "clusterUID": "fcc72de0-9606-11e8-baa8-0255ac10215d",
                          "resourceID": "fd3b4ac0-9606-11e8-baa8-0255ac10215d",
                          "extendParam": {"serverID": "fd3b4ac0-9606-11e8-baa8-0255ac10215d"}},
                 "status": {"phase": "Success"}},
                {"kind": "Job", "apiVersion": "v3",
                 "metadata": {"uid": "fd474f82-9606-11e8-baa8-0255ac10215d",
                              "creationTimestamp": "2020-02-02 03:52:33.859150791 +0000 UTC",
                              "updateTimestamp": "2020-02-02 03:52:34.615655429 +0000 UTC"},
                 "spec": {"type": "CreatePSMCert", "clusterUID": "fcc72de0-9606-11e8-baa8-0255ac10215d"},
                 "status": {"phase": "Success"}}]},
        "status": {"phase": "Running", "reason": ""}}, [
        dict(job_id="354331b2c-229a-11e8-9c75-0255ac100ceb", state="running", started_at="2020-02-02T08:12:40.672772Z",
             ended_at=None, duration=None, sub_states=["succeeded", "succeeded"],
             sub_started=["2020-02-02T03:52:34.615819Z", "2020-02-02T03:52:33.85915Z"], sub_jobs_without_status=[]),
    ]),
    Case("cce: ScaleupCluster Success, a status-less CreateNode sub-job with two sub-jobs of its own", CCE_GO_FIXTURE, "cce",
         "job_id", "73ce052c-8b1b-11e8-8f9d-0255ac10193f", {
             "kind": "Job",
             "metadata": {"uid": "73ce052c-8b1b-11e8-8f9d-0255ac10193f"},
             "spec": {
                 "type": "ScaleupCluster", "clusterUID": "6951aa4d-88ef-11e8-b196-0255ac101c43", "resourceName": "cluster-test",
                 "subJobs": [
                     {"kind": "Job", "metadata": {"uid": "73cc28df-8b1b-11e8-8f9d-0255ac10193f"},
                      "spec": {
                          "type": "CreateNode", "clusterUID": "6951aa4d-88ef-11e8-b196-0255ac101c43", "resourceName": "myhost",
                          "subJobs": [
                              {"kind": "Job", "metadata": {"uid": "73ce03fd-8b1b-11e8-8f9d-0255ac10193f"},
                               "spec": {"type": "GetPSMCert", "clusterUID": "6951aa4d-88ef-11e8-b196-0255ac101c43"},
                               "status": {"phase": "Success"}},
                              {"kind": "Job", "metadata": {"uid": "73ce0473-8b1b-11e8-8f9d-0255ac10193f"},
                               "spec": {"type": "InstallNode", "clusterUID": "6951aa4d-88ef-11e8-b196-0255ac101c43",
                                        "resourceID": "73bd7e31-8b1b-11e8-8f9d-0255ac10193f"},
                               "status": {"phase": "Success"}}]}}]},
             "status": {"phase": "Success"}}, [
             dict(job_id="73ce052c-8b1b-11e8-8f9d-0255ac10193f", state="succeeded", started_at=None, ended_at=None,
                  failed_sub_jobs=[], sub_jobs_without_status=["73cc28df-8b1b-11e8-8f9d-0255ac10193f"],
                  sub_states=["unknown"]),
         ]),
    # ---- RDS: +0000 offsets; the running example's " status" key, missing "ended" and "60% " ----
    Case("rds: CreateMysqlSingleHAInstance completed", RDS, "rds", "job_id", "31b8ae23-c687-4d80-b7b4-42a66c9bb886", {
        "job": {"id": "31b8ae23-c687-4d80-b7b4-42a66c9bb886", "name": "CreateMysqlSingleHAInstance", "status": "Completed",
                "created": "2018-08-06T10:41:14+0000", "ended": "2018-08-06T16:41:14+0000", "process": "",
                "instance": {"id": "a48e43ff268f4c0e879652d65e63d0fbin01", "name": "DO-NOT-TOUCH-mgr2-mysql-single"},
                "entities": {"instance": {"endpoint": "192.168.1.203:3306", "type": "Single",
                                          "datastore": {"type": "mysql", "version": "5.7"}},
                             "resource_ids": ["a48e43ff268f4c0e879652d65e63d0fbin01.vm",
                                              "a48e43ff268f4c0e879652d65e63d0fbin01.volume"]}}}, [
        dict(job_id="31b8ae23-c687-4d80-b7b4-42a66c9bb886", state="succeeded", started_at="2018-08-06T10:41:14Z",
             ended_at="2018-08-06T16:41:14Z", duration=21600.0, progress=None),
    ]),
    Case("rds: task being executed (a ' status' key, no 'ended', process '60% ')", RDS, "rds", "job_id",
         "31b8ae23-c687-4d80-b7b4-42a66c9bb886", {
             "job": {"id": "31 b8ae23 - c687 - 4 d80 - b7b4 - 42 a66c9bb886", "name": "CreateMysqlSingleHAInstance",
                     " status": "Running", "created": "2018-08-06T10:41:14+0000", "process": "60% ",
                     "instance": {"id": "a48e43ff268f4c0e879652d65e63d0fbin01", "name": "DO-NOT-TOUCH-mgr2-mysql-single"},
                     "entities": {"instance": {"type": "Single", "datastore": {"type": "mysql", "version": "5.7"}}}}}, [
             dict(job_id="31b8ae23-c687-4d80-b7b4-42a66c9bb886", state="running", started_at="2018-08-06T10:41:14Z",
                  ended_at=None, duration=None, progress=60),
         ]),
    Case("rds: task fails to be executed", RDS, "rds", "job_id", "31b8ae23-c687-4d80-b7b4-42a66c9bb886", {
        "job": {"id": "31 b8ae23 - c687 - 4 d80 - b7b4 - 42 a66c9bb886", "name": "CreateMysqlSingleHAInstance",
                "status": "Failed", "created": "2018-08-06T10:41:14+0000", "ended": "2018-08-06T16:41:14+0000",
                "process": "",
                "instance": {"id": "a48e43ff268f4c0e879652d65e63d0fbin01", "name": "DO-NOT-TOUCH-mgr2-mysql-single"},
                "entities": {"instance": {"type": "Single", "datastore": {"type": "mysql", "version": "5.7"}}},
                "fail_reason": "createVM failed."}}, [
        dict(job_id="31b8ae23-c687-4d80-b7b4-42a66c9bb886", state="failed", duration=21600.0, fail_reason="createVM failed."),
    ]),
]


def read(case):
    clock = FakeClock()
    session = FakeSession(FakeResponse(200, case.body))
    client = Client(Settings(params(region=case.region)), session=session, clock=clock, sleep=clock.sleep)
    return fetch_jobs(client, SERVICES[case.service], case.id_kind, case.job_ref), session


def test_every_service_has_a_published_case():
    assert sorted(set(case.service for case in CASES)) == sorted(SERVICES)
    assert all(case.page.url.startswith("https://") and case.page.title for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_published_body_reads_to_the_state_its_page_gives(case):
    records, session = read(case)
    assert len(session.sent) == 1, case.page.title
    assert len(records) == len(case.expect), case.page.url
    for record, expect in zip(records, case.expect):
        assert record["service"] == case.service
        for key, value in expect.items():
            if key == "sub_states":
                got = [sub["state"] for sub in record["sub_jobs"]]
            elif key == "sub_started":
                got = [sub["started_at"] for sub in record["sub_jobs"]]
            else:
                got = record[key]
            assert got == value, "%s (%s): %s is %r, the page gives %r" % (case.page.title, case.page.url, key, got, value)


def test_koophone_task_not_started_yet_is_running_with_a_note():
    records = read([case for case in CASES if case.page is KOOPHONE_EXPLORER][0])[0]
    waiting, failed = records
    assert (waiting["state"], status_note(waiting)) == ("running", "not started yet")
    assert (failed["state"], status_note(failed)) == ("failed", None)


def test_a_status_the_table_does_not_list_still_makes_a_finished_cce_job_unknown():
    """Only a sub-job with no status at all is let go; an unlisted one keeps the job from success (never a success)."""
    fixture = [case for case in CASES if case.page is CCE_GO_FIXTURE][0]
    odd = dict(fixture.body, spec=dict(fixture.body["spec"], subJobs=[
        dict(fixture.body["spec"]["subJobs"][0], status={"phase": "Paused"})]))
    records = read(Case(fixture.name, fixture.page, "cce", "job_id", fixture.job_ref, odd, []))[0]
    assert records[0]["state"] == "unknown" and records[0]["sub_jobs_without_status"] == []


def test_a_status_less_sub_job_does_not_hide_a_failed_sibling():
    fixture = [case for case in CASES if case.page is ECS][0]
    body = dict(fixture.body, entities={"sub_jobs_total": 2, "sub_jobs": [
        {"job_id": "no-status", "entities": {"server_id": "s-1"}},
        {"job_id": "failed-one", "status": "FAIL", "entities": {"server_id": "s-2"}, "error_code": "Ecs.0010",
         "fail_reason": "Insufficient capacity."}]})
    records = read(Case(fixture.name, fixture.page, "ecs", "job_id", fixture.job_ref, body, []))[0]
    assert records[0]["state"] == "failed"
    assert records[0]["sub_jobs_without_status"] == ["no-status"]
    assert [s["id"] for s in records[0]["failed_sub_jobs"]] == ["failed-one"]
