# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shared argument spec (auth and connection options) and the body of every info module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import (
    Client, Settings, HAS_REQUESTS, REQUESTS_IMPORT_ERROR,
)
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, check_id, fetch_jobs, get_service, id_kinds


def _env(*names):
    return (env_fallback, list(names))


def set_env_fallback(*names):
    """The first of ``names`` set to something in the environment; an empty one counts as not set.

    For options whose type cannot take an empty string (a mapping): AWX injects every field of a credential,
    the empty ones as empty strings.
    """
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


def connection_argument_spec():
    """Auth and connection options, each with the environment variables the vendor's tools use."""
    return dict(
        region=dict(type="str", fallback=_env("HW_REGION_NAME", "HUAWEICLOUD_SDK_REGION")),
        project_id=dict(type="str", fallback=_env("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID")),
        cloud=dict(type="str", fallback=_env("HW_CLOUD")),
        endpoint=dict(type="str", fallback=_env("HWCLOUD_JOBS_ENDPOINT")),
        endpoints=dict(type="dict", fallback=(set_env_fallback, ["HWCLOUD_JOBS_ENDPOINTS"])),
        iam_endpoint=dict(type="str", fallback=_env("HWCLOUD_JOBS_IAM_ENDPOINT", "HUAWEICLOUD_SDK_IAM_ENDPOINT", "HW_AUTH_URL")),
        auth_token=dict(type="str", no_log=True, fallback=_env("HW_AUTH_TOKEN")),
        access_key=dict(type="str", no_log=True, fallback=_env("HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY")),
        secret_key=dict(type="str", no_log=True, fallback=_env("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY")),
        security_token=dict(type="str", no_log=True, fallback=_env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN")),
        username=dict(type="str", fallback=_env("HW_USER_NAME")),
        password=dict(type="str", no_log=True, fallback=_env("HW_USER_PASSWORD")),
        domain_name=dict(type="str", fallback=_env("HW_DOMAIN_NAME")),
        validate_certs=dict(type="bool", default=True),
        allow_insecure_http=dict(type="bool", default=False),
        http_timeout=dict(type="float", default=30.0),
    )


def info_argument_spec(**options):
    spec = connection_argument_spec()
    spec.update(options)
    return spec


def new_client(params, **kwargs):
    """A client for validated params; raises ConfigError on bad input."""
    return Client(Settings(params), **kwargs)


def fail_api_error(module, err):
    module.fail_json(msg=err.describe(), **err.as_result())


def run_named_info_module(service_name):
    """A named info module (cph_job_info, ...): an option per id kind its service's calls take, exactly one given."""
    kinds = tuple(get_service(service_name).id_kinds)
    alone = len(kinds) == 1
    module = AnsibleModule(
        argument_spec=info_argument_spec(**dict((kind, dict(type="str", required=alone)) for kind in kinds)),
        mutually_exclusive=[] if alone else [kinds],
        required_one_of=[] if alone else [kinds],
        supports_check_mode=True,
    )
    kind = next(name for name in kinds if module.params.get(name) is not None)
    _read_and_exit(module, service_name, [(kind, module.params[kind])])


def job_info_argument_spec():
    """job_info: a service and lists of ids of one or more kinds it takes (an option per id kind of the table)."""
    return info_argument_spec(
        service=dict(type="str", required=True, choices=sorted(SERVICES)),
        **dict((kind, dict(type="list", elements="str")) for kind in id_kinds())
    )


def run_job_info(module):
    """job_info: every id given, of each kind, in the order given."""
    _read_and_exit(module, module.params["service"], [(kind, value) for kind in id_kinds() for value in module.params.get(kind) or []])


def _read_and_exit(module, service_name, given):
    """Read the jobs behind each (id kind, id), each once, and exit with all of them; refuse bad input before sending."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    try:
        service = get_service(service_name)
        refs = []
        for kind, value in given:
            service.check_id_kind(kind)
            check_id(kind, value)
            if (kind, value) not in refs:
                refs.append((kind, value))
        if not refs:
            raise ConfigError("one of %s is required for service %s" % (", ".join(service.id_kinds), service.name))
        client = new_client(module.params)
        for warning in client.settings.warnings:
            module.warn(warning)
        jobs = []
        for kind, value in refs:
            jobs.extend(fetch_jobs(client, service, kind, value))
    except ConfigError as err:
        module.fail_json(msg=str(err))
    except ApiError as err:
        fail_api_error(module, err)
    module.exit_json(changed=False, jobs=jobs)
