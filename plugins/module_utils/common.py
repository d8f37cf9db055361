# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shared argument spec (auth and connection options) and the body of every info module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client, HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_records
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, check_id, get_service, id_kinds, require_ids
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import ENV_VARIABLES, Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.throttle import parse_limit


def _env(option):
    """The fallback of ``option``: its variables of the table, the first one set winning."""
    return (env_fallback, list(ENV_VARIABLES[option]))


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
        region=dict(type="str", fallback=_env("region")),
        project_id=dict(type="str", fallback=_env("project_id")),
        cloud=dict(type="str", fallback=_env("cloud")),
        endpoint=dict(type="str", fallback=_env("endpoint")),
        endpoints=dict(type="dict", fallback=(set_env_fallback, list(ENV_VARIABLES["endpoints"]))),
        iam_endpoint=dict(type="str", fallback=_env("iam_endpoint")),
        auth_token=dict(type="str", no_log=True, fallback=_env("auth_token")),
        access_key=dict(type="str", no_log=True, fallback=_env("access_key")),
        secret_key=dict(type="str", no_log=True, fallback=_env("secret_key")),
        security_token=dict(type="str", no_log=True, fallback=_env("security_token")),
        username=dict(type="str", fallback=_env("username")),
        password=dict(type="str", no_log=True, fallback=_env("password")),
        domain_name=dict(type="str", fallback=_env("domain_name")),
        domain_id=dict(type="str", fallback=_env("domain_id")),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path", fallback=_env("ca_path")),
        allow_insecure_http=dict(type="bool", default=False),
        http_timeout=dict(type="float", default=30.0),
    )


def info_argument_spec(**options):
    spec = connection_argument_spec()
    spec.update(options)
    return spec


def fallback_sources(params):
    """option -> the environment variable its value came from, for messages that say where a setting came from.

    The argument spec's fallback fired when the option's value is what its first variable set in the environment
    holds (the variable env_fallback picks).
    """
    sources = {}
    for name, option in connection_argument_spec().items():
        fallback = option.get("fallback")
        value = params.get(name)
        if not fallback or value in (None, "", {}):
            continue
        for variable in fallback[1]:
            if variable not in os.environ or (fallback[0] is set_env_fallback and not os.environ[variable]):
                continue
            raw = os.environ[variable]
            if value == raw or (option["type"] == "path" and value == os.path.expanduser(os.path.expandvars(raw))) \
                    or (option["type"] == "dict" and isinstance(value, dict) and raw.lstrip().startswith("{")):
                sources[name] = variable
            break
    return sources


def new_client(params, **kwargs):
    """A client for validated params; raises ConfigError on bad input. ``with new_client(params) as client:`` closes it.

    A ``rate_limit`` among the params (wait_for_job, api_call, the event source) is every host's budget.
    """
    if "limit" not in kwargs:
        kwargs["limit"] = rate_limit_of(params)
    return Client(Settings(params, sources=fallback_sources(params)), **kwargs)


def rate_limit_of(params):
    """The user's rate_limit ("60/minute") as a throttle.Limit, or None; ConfigError naming the option when it is not
    a positive number of calls with a window."""
    if params.get("rate_limit") in (None, ""):
        return None
    try:
        return parse_limit(params["rate_limit"], "rate_limit")
    except ValueError as err:
        raise ConfigError(str(err))


def named_info_spec(service_name):
    """A named info module's (cph_job_info, ...) argument spec and its rules: an option per id kind its service's calls
    take, exactly one given. (argument_spec, mutually_exclusive, required_one_of)"""
    kinds = tuple(get_service(service_name).id_kinds)
    alone = len(kinds) == 1
    return (info_argument_spec(**dict((kind, dict(type="str", required=alone)) for kind in kinds)),
            [] if alone else [kinds], [] if alone else [kinds])


def named_info_ids(service_name, params):
    """The (id kind, id) a named info module was given."""
    kind = next(name for name in get_service(service_name).id_kinds if params.get(name) is not None)
    return [(kind, params[kind])]


def run_named_info_module(service_name):
    """A named info module (cph_job_info, ...): an option per id kind its service's calls take, exactly one given."""
    spec, exclusive, one_of = named_info_spec(service_name)
    module = AnsibleModule(argument_spec=spec, mutually_exclusive=exclusive, required_one_of=one_of, supports_check_mode=True)
    _read_and_exit(module, service_name, named_info_ids(service_name, module.params))


def job_info_argument_spec():
    """job_info: a service and lists of ids of one or more kinds it takes (an option per id kind of the table)."""
    return info_argument_spec(
        service=dict(type="str", required=True, choices=sorted(SERVICES)),
        **dict((kind, dict(type="list", elements="str")) for kind in id_kinds())
    )


def job_info_ids(params):
    """The ids job_info was given: {id kind: [ids]}, every kind given (read_jobs makes them entries)."""
    return dict((kind, params[kind]) for kind in id_kinds() if params.get(kind))


def run_job_info(module):
    """job_info: every id given, of each kind, in the order given."""
    _read_and_exit(module, module.params["service"], job_info_ids(module.params))


def id_entries(service, given):
    """The entries ({id kind: id}) of the one-service form: ``given`` maps id kinds to lists of ids. The kinds of one of
    the service's calls (a parent id once, any number of the id that names the job: cluster_id and node_id), or
    kinds each of which a one-id call takes (job_id and request_id), each id an entry."""
    for kind in given:
        service.check_id_kind(kind)
    require_ids(service, list(given))
    whole = [call for call in service.calls if call.ids == frozenset(given)]
    if whole and len(given) > 1:
        call = whole[0]
        parents = {}
        for kind in call.id_kinds:
            if kind != call.names:
                if len(given[kind]) != 1:
                    raise ConfigError("%s must be one id (it scopes %s), got %d" % (kind, call.names, len(given[kind])))
                parents[kind] = given[kind][0]
        return [dict(parents, **{call.names: value}) for value in given[call.names]]
    entries = []
    for kind, values in given.items():
        service.call_for([kind])
        entries.extend({kind: value} for value in values)
    return entries


def read_jobs(params, service_name, given, warn):
    """The body of every info module, as a module and in-process: (True, exit_json's keys) or (False, fail_json's).

    ``given``: (id kind, id) pairs or {id kind: id} entries, or job_info's {id kind: [ids]}. Reads the jobs (or
    resources) behind each entry, each once; refuses bad input before sending; ``warn`` takes warnings.
    """
    try:
        service = get_service(service_name)
        if isinstance(given, dict):
            given = id_entries(service, given)
        entries = []
        for entry in given:
            ids = dict([entry]) if isinstance(entry, tuple) else dict(entry)
            call = service.call_for(ids)
            for kind in call.id_kinds:
                check_id(kind, ids[kind])
            if (call, ids) not in entries:
                entries.append((call, ids))
        require_ids(service, entries)
        with new_client(params) as client:
            for warning in client.settings.warnings:
                warn(warning)
            jobs = []
            for call, ids in entries:
                jobs.extend(_with_parents(fetch_records(client, service, ids), call, ids))
    except ConfigError as err:
        return False, dict(msg=str(err))
    except ApiError as err:
        return False, dict(msg=err.describe(), **err.as_result())
    return True, dict(changed=False, jobs=jobs)


def _read_and_exit(module, service_name, given):
    """Read the jobs behind each entry, each once, and exit with all of them; refuse bad input before sending."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    ok, result = read_jobs(module.params, service_name, given, module.warn)
    if ok:
        module.exit_json(**result)
    module.fail_json(**result)


def _with_parents(records, call, ids):
    """Each record with the parent ids it was asked by (a node's cluster_id): its own id is its job_id."""
    for kind, value in ids.items():
        for record in records:
            if kind not in ("job_id", call.names) and record.get(kind) in (None, ""):
                record[kind] = value
    return records
