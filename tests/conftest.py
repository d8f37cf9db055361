# -*- coding: utf-8 -*-
"""Shared pytest setup: the repository root on sys.path and the emulator fixtures."""

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

from tests.emulator.fixture import emu, emulator  # noqa: E402,F401 pylint: disable=wrong-import-position,unused-import


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long run (load, soak); CI runs it, `scripts/test.sh --quick` leaves it out")
