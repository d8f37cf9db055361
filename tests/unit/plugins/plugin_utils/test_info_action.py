"""Where an info module's action plugin runs the module's code: in-process on the controller, the module elsewhere."""

from types import SimpleNamespace

import pytest

from ansible_collections.hwcloud.jobs.plugins.plugin_utils.info_action import on_controller


@pytest.mark.parametrize("transport, become, async_val, expected", [
    ("local", False, 0, True),
    ("ansible.builtin.local", False, 0, True),
    ("ssh", False, 0, False),
    ("local", True, 0, False),    # become: the module runs as another user
    ("local", False, 30, False),  # async: the module runs in the background
])
def test_in_process_only_on_the_controller_as_the_user(transport, become, async_val, expected):
    connection = SimpleNamespace(transport=transport)
    assert on_controller(connection, SimpleNamespace(connection=transport, become=become), SimpleNamespace(async_val=async_val)) is expected
