"""version.py: the collection's version is galaxy.yml's, and the User-Agent carries it."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import yaml

from ansible_collections.hwcloud.jobs.plugins.module_utils.version import COLLECTION_VERSION, USER_AGENT


def test_galaxy_version_matches_user_agent_version():
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "galaxy.yml")) as handle:
        galaxy = handle.read()
    assert "version: %s" % COLLECTION_VERSION in galaxy
    assert yaml.safe_load(galaxy)["version"] == COLLECTION_VERSION
    assert USER_AGENT == "hwcloud.jobs/%s" % COLLECTION_VERSION
