"""Fixtures of the packaging checks: the built tarball, the execution environment, the AWX credential type, the README
and the demo, as a user meets the collection rather than how its modules behave.

The `emu` and `emulator` fixtures (tests/conftest.py) serve the checks that run a module against the emulator; the
README's walkthroughs start their own emulator, as a reader does. What they run with is in tests/helpers.py.
"""

import pytest

from tests.helpers import ensure_collection_link, use_collection_from_checkout

# test_awx_credential_type imports the collection's code in-process, as ansible_collections.hwcloud.jobs.
use_collection_from_checkout()


@pytest.fixture(scope="session", autouse=True)
def collection_link():
    ensure_collection_link()
