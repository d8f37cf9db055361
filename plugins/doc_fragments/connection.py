# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  region:
    description:
      - Huawei Cloud region name, for example C(cn-north-4).
      - Builds the service endpoint and the IAM endpoint when O(endpoint) and O(iam_endpoint) are not set,
        and names the project to look up when O(project_id) is not set.
      - Falls back to the environment variables E(HW_REGION_NAME), then E(HUAWEICLOUD_SDK_REGION).
    type: str
  project_id:
    description:
      - Project ID (32 hexadecimal characters) of the region.
      - When not set, it is looked up from IAM by O(region), as the vendor SDKs do.
      - Falls back to E(HUAWEICLOUD_SDK_PROJECT_ID), then E(HW_PROJECT_ID).
    type: str
  cloud:
    description:
      - Domain suffix of every default host, as the vendor's Terraform provider calls it.
      - V(myhuaweicloud.com) is the public cloud; the European site, Huawei Cloud Stack and clouds built on it have their own.
        Service hosts become C(https://{service}.{region}.{cloud}), and IAM C(https://iam.{region}.{cloud}).
      - Falls back to E(HW_CLOUD). Defaults to V(myhuaweicloud.com).
    type: str
  endpoint:
    description:
      - Base URL of every service, for example C(https://cph.cn-north-4.myhuaweicloud.com) or a local emulator.
      - Overrides the endpoints built from O(region) and O(cloud); O(endpoints) overrides it for single services.
      - Falls back to E(HWCLOUD_JOBS_ENDPOINT).
    type: str
  endpoints:
    description:
      - Base URL per service, for example C(cfw) mapped to C(https://cfw.my-region.example.com), overriding O(endpoint)
        and the default host of those services only.
      - A service name this collection does not know is refused, naming it.
      - Falls back to E(HWCLOUD_JOBS_ENDPOINTS), a JSON object.
    type: dict
  iam_endpoint:
    description:
      - Base URL of IAM, used for password authentication and the project lookup, with or without its trailing C(/v3).
      - Defaults to C(https://iam.{region}.{cloud}).
      - Falls back to E(HWCLOUD_JOBS_IAM_ENDPOINT), then E(HUAWEICLOUD_SDK_IAM_ENDPOINT), then E(HW_AUTH_URL).
    type: str
  auth_token:
    description:
      - An IAM token, sent as C(X-Auth-Token). Takes precedence over the other credentials.
      - Falls back to E(HW_AUTH_TOKEN).
    type: str
  access_key:
    description:
      - Access key ID (AK) for SDK-HMAC-SHA256 request signing. Needs O(secret_key).
      - Falls back to E(HUAWEICLOUD_SDK_AK), then E(HW_ACCESS_KEY).
    type: str
  secret_key:
    description:
      - Secret access key (SK) that signs the requests. Never sent, never logged.
      - Falls back to E(HUAWEICLOUD_SDK_SK), then E(HW_SECRET_KEY).
    type: str
  security_token:
    description:
      - Security token of a temporary access key, sent as C(X-Security-Token).
      - Falls back to E(HUAWEICLOUD_SDK_SECURITY_TOKEN), then E(HW_SECURITY_TOKEN).
    type: str
  username:
    description:
      - IAM user name; with O(password) and O(domain_name), exchanged for a project-scoped token at O(iam_endpoint).
      - The token is kept for the life of the task and renewed once if it expires.
      - Falls back to E(HW_USER_NAME).
    type: str
  password:
    description:
      - IAM user password.
      - Falls back to E(HW_USER_PASSWORD).
    type: str
  domain_name:
    description:
      - Account (domain) name that owns the IAM user.
      - Falls back to E(HW_DOMAIN_NAME).
    type: str
  domain_id:
    description:
      - Account (domain) ID, 32 hexadecimal characters, for the services that take domain-level credentials
        (BSS orders), as the vendor SDK's GlobalCredentials do.
      - Under O(access_key) and O(secret_key) it is sent as the C(X-Domain-Id) header (in place of the project);
        when not set, it is looked up from IAM (C(GET /v3/auth/domains)), as the vendor SDKs do. A token needs none.
      - Falls back to E(HUAWEICLOUD_SDK_DOMAIN_ID).
    type: str
  validate_certs:
    description:
      - Whether to verify TLS certificates. V(false) is warned about on every run.
      - A certificate that is not trusted fails the task, naming the host and O(ca_path).
    type: bool
    default: true
  ca_path:
    description:
      - Path of a PEM file holding the CA certificate(s) to trust instead of the default bundle of C(requests), for Huawei Cloud Stack,
        a private cloud or a TLS-inspecting corporate proxy signed by a private CA. Used for every service and for IAM.
      - A path that does not exist, is not a file or holds no PEM certificate is refused before anything is sent, naming it.
      - Falls back to E(HWCLOUD_JOBS_CA_PATH).
        Without either, E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE) is used, checked the same way.
    type: path
  allow_insecure_http:
    description:
      - Allow plain C(http://) to a host that is not loopback, in O(endpoint), O(endpoints), O(iam_endpoint) and the
        O(hwcloud.jobs.api_call#module:url) of M(hwcloud.jobs.api_call).
      - Without it, such a URL is refused before anything is sent, since credentials and tokens would cross
        the network unencrypted. Plain http to C(127.0.0.1), C(::1) or C(localhost) (an emulator, a local proxy) is always allowed.
    type: bool
    default: false
  http_timeout:
    description:
      - Seconds to wait for one HTTP response (connect and read).
      - Transient failures (HTTP 429, 500, 502, 503, 504, connection errors, read timeouts,
        a body that is not JSON) are retried with full-jitter backoff, honouring C(Retry-After).
      - A host that has not answered once in the task and failed 3 attempts in a row the same way (connection refused,
        name not resolved, certificate not trusted, proxy refused) is taken for a wrong address or setting, not for an
        outage, and the task fails at once (after about a second of backoff), naming the host, the cause and the option
        to check. A host that answered before is retried until the deadline.
    type: float
    default: 30
notes:
  - A proxy is taken from E(HTTPS_PROXY) (for https endpoints) and E(HTTP_PROXY) (for http ones), or their lower-case
    forms or E(ALL_PROXY); hosts in E(NO_PROXY) are reached directly. A proxy URL needs its scheme,
    for example C(http://proxy.example.com:3128); one without is refused, naming the variable.
    Credentials in a proxy URL are sent to the proxy only and never shown. An error the proxy gives says it was the proxy.
  - Every error of authentication (HTTP 401 or 403) names the credentials used and the option or environment variable
    each came from (never a value), and the ones they were chosen over.
  - Credentials are used in this order of precedence, the first complete set wins,
    O(auth_token), then O(access_key) and O(secret_key), then O(username), O(password) and O(domain_name).
  - Options can be set once for every module of the collection with
    C(module_defaults) and the group C(group/hwcloud.jobs.hwcloud).
requirements:
  - requests
"""
