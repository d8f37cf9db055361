"""docs/awx-credential-type.yml: its injected environment, rendered as AWX renders it, authenticates a module."""

import os
import sys

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tests.helpers import COLLECTIONS, ROOT, identity_secrets, run_module

if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec  # noqa: E402 pylint: disable=wrong-import-position

SECRET_OPTIONS = {"secret_key", "security_token", "auth_token", "password"}


def credential_type():
    with open(os.path.join(ROOT, "docs", "awx-credential-type.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def inject(inputs):
    """The environment AWX gives a job: each env injector rendered in a sandbox with the credential's inputs.

    A field left empty is not in the namespace, so its template renders as an empty string (jinja2's Undefined).
    """
    sandbox = ImmutableSandboxedEnvironment()
    return dict((name, sandbox.from_string(template).render(**inputs)) for name, template in credential_type()["injectors"]["env"].items())


def test_credential_type_matches_the_collections_options():
    ctype = credential_type()
    assert ctype["kind"] == "cloud" and set(ctype["injectors"]) == {"env"}
    fields = dict((field["id"], field) for field in ctype["inputs"]["fields"])
    spec = connection_argument_spec()
    env_names = dict((option, set(entry["fallback"][1])) for option, entry in spec.items() if "fallback" in entry)
    # every option the collection reads from the environment has a field, and nothing else does
    assert set(fields) == set(env_names)
    for field in fields.values():
        assert field["type"] == "string" and field["label"]
        # the secrets are secret fields (AWX encrypts them and never shows them again); the AK, like AWX's own
        # AWS type's access key, is not, though the collection keeps it out of its logs too (no_log)
        assert field.get("secret", False) == (field["id"] in SECRET_OPTIONS)
        assert field["id"] not in SECRET_OPTIONS or spec[field["id"]].get("no_log")
    # each injected variable is one the collection reads for the option of the field it renders
    for name, template in ctype["injectors"]["env"].items():
        option = template.strip("{} ")
        assert option in fields and name in env_names[option], name
    assert len(ctype["injectors"]["env"]) == len(fields)


@pytest.mark.parametrize("method, module, args", [
    ("aksk", "cfw_job_info", {"job_id": "awx-cfw-1"}),
    ("temp_aksk", "cph_job_info", {"job_id": "awxcph1"}),
    ("token", "workspace_job_info", {"job_id": "awx-wks-1"}),
    ("password", "wait_for_job", {"service": "cfw", "job_id": "awx-cfw-1", "timeout": 30}),
])
def test_injected_environment_authenticates(emu, method, module, args):
    emu.control.add_jobs([dict(service="cfw", job_id="awx-cfw-1", state="succeeded"),
                          dict(service="cph", job_id="awxcph1", state="succeeded"),
                          dict(service="workspace", job_id="awx-wks-1", state="succeeded")])
    ident = emu.control.identity()
    inputs = {"region": "cn-north-4", "endpoint": emu.url, "iam_endpoint": emu.url}
    inputs.update({
        "aksk": {"access_key": ident["access_key"], "secret_key": ident["secret_key"]},
        "temp_aksk": dict((k, ident["temporary"][k]) for k in ("access_key", "secret_key", "security_token")),
        "token": {"auth_token": emu.control.issue_token(project="cn-north-4")},
        "password": {"username": ident["user"]["name"], "password": ident["user"]["password"], "domain_name": ident["domain"]["name"]},
    }[method])
    env = inject(inputs)
    assert "" in env.values()  # the fields left empty are injected too, as empty strings
    run = run_module(module, args, env)
    assert run.result is not None and not run.result["failed"], run.output[-3000:]
    assert run.result["jobs"][0]["state"] == "succeeded"
    calls = [r for r in emu.control.requests() if r["route"] in ("cfw_job", "cph_job", "workspace_job")]
    assert calls and all(r["status"] == 200 and r["auth"] == ("token" if method in ("token", "password") else method) for r in calls)
    secrets = identity_secrets(emu.control) + ([inputs["auth_token"]] if "auth_token" in inputs else [])
    assert not any(secret in run.output for secret in secrets)
