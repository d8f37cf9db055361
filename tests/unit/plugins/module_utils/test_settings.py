"""settings.py: the one URL check, where a value came from in words, and the one table of environment variables."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.hwcloud.jobs.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import ENV_VARIABLES, Settings, check_url, env_names

from fakes import params

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..")


# ---- the table of environment variables ----

def test_the_doc_fragment_names_every_variable_of_the_table_for_its_option():
    options = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    for option, variables in ENV_VARIABLES.items():
        text = " ".join(options[option]["description"])
        for variable in variables:
            assert "E(%s)" % variable in text, "the doc fragment's %s does not name %s" % (option, variable)


def test_the_argument_spec_falls_back_to_the_tables_variables_in_its_order():
    spec = connection_argument_spec()
    for option, variables in ENV_VARIABLES.items():
        assert list(spec[option]["fallback"][1]) == list(variables)
    assert set(name for name, option in spec.items() if option.get("fallback")) == set(ENV_VARIABLES)


def test_the_developer_contract_lists_the_tables_variables():
    with open(os.path.join(ROOT, "docs", "DEV-CONTRACT.md")) as handle:
        text = handle.read()
    for variables in ENV_VARIABLES.values():
        for variable in variables:
            assert "`%s`" % variable in text


def test_the_emulator_fixtures_scrub_every_variable_of_the_table():
    from tests.emulator.fixture import ALL_ENV_NAMES  # pylint: disable=import-outside-toplevel
    assert set(ALL_ENV_NAMES) == set(env_names())
    assert {"HWCLOUD_JOBS_ENDPOINTS", "HW_CLOUD", "HWCLOUD_JOBS_CA_PATH"} <= set(ALL_ENV_NAMES)


def test_messages_name_an_unset_option_with_its_first_variable():
    settings = Settings(params(region=None, iam_endpoint=None))
    assert settings.or_variable("region") == "region (or HW_REGION_NAME)"
    assert settings.or_variable("project_id") == "project_id (or HUAWEICLOUD_SDK_PROJECT_ID)"
    with pytest.raises(ConfigError) as err:
        settings.iam_base()
    assert "region (or HW_REGION_NAME) or iam_endpoint" in str(err.value)
    with pytest.raises(ConfigError) as err:
        SERVICES["cfw"].base_url(settings)
    assert "region (or HW_REGION_NAME) is required" in str(err.value)


def test_described_says_where_a_value_came_from():
    settings = Settings(params(), sources={"region": "HUAWEICLOUD_SDK_REGION"})
    assert settings.described("region") == "region (from HUAWEICLOUD_SDK_REGION)"
    assert settings.described("access_key") == "access_key"


# ---- the one URL check ----

@pytest.mark.parametrize("value", ["http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:9", "https://example.com/"])
def test_a_base_url_may_be_plain_http_to_loopback_only(value):
    assert check_url("endpoint", value) == value.rstrip("/")


@pytest.mark.parametrize("value", ["http://127.0.0.1:8080/v1/x?a=1", "http://localhost/v1/{project_id}/x", "https://example.com/v1"])
def test_a_full_url_takes_a_query_and_plain_http_to_loopback(value):
    assert check_url("url", value, base=False) == value


@pytest.mark.parametrize("option,value,base,needle", [
    ("url", "http://example.com/v1", False, "url 'http://example.com/v1' is plain http to a host that is not loopback"),
    ("endpoint", "http://10.0.0.1:8080", True, "endpoint 'http://10.0.0.1:8080' is plain http"),
    ("url", "https://user:pw@example.com/v1", False, "url must not carry credentials"),
    ("endpoint", "https://user:pw@example.com", True, "endpoint must not carry credentials"),
    ("url", "https://example.com/v1#frag", False, "url must not hold a fragment"),
    ("endpoint", "https://example.com/v1?x=1", True, "endpoint must be a base URL without a query or fragment"),
    ("url", "example.com/v1", False, "url must be an absolute https:// URL"),
    ("endpoint", "ftp://example.com", True, "endpoint must be an http:// or https:// URL"),
    ("endpoint", "https://example.com:99999", True, "endpoint must be an http:// or https:// URL"),
])
def test_a_bad_url_is_refused_naming_the_option(option, value, base, needle):
    with pytest.raises(ConfigError) as err:
        check_url(option, value, base=base)
    assert needle in str(err.value)
    assert "pw@" not in str(err.value)


def test_allow_insecure_http_lets_plain_http_go_anywhere():
    assert check_url("url", "http://example.com/v1", allow_insecure_http=True, base=False) == "http://example.com/v1"
    assert check_url("endpoint", "http://example.com/", allow_insecure_http=True) == "http://example.com"
