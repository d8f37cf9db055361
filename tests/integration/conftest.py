"""Fixtures of the integration tests; what they run with (run_playbook, run_module, ...) is in tests/helpers.py."""

import pytest

from tests.helpers import ensure_collection_link, use_collection_from_checkout

# Some tests import the collection's code in-process, as ansible_collections.hwcloud.jobs.
use_collection_from_checkout()


@pytest.fixture(scope="session", autouse=True)
def collection_link():
    ensure_collection_link()
