"""Make the checkout importable as ansible_collections.hwcloud.jobs for the unit tests; the hypothesis profile.

Shared test code is imported as a module: tests.unit.fakes (fake clock, session, responses), tests.helpers,
tests.emulator.keys (the emulator's test keys).
"""

import os

from tests.helpers import use_collection_from_checkout

use_collection_from_checkout()

try:
    from hypothesis import settings as hypothesis_settings
except ImportError:  # pragma: no cover
    hypothesis_settings = None

if hypothesis_settings is not None:
    # CI replays the same examples every run (a red CI is then a change's fault); local runs keep exploring.
    hypothesis_settings.register_profile("ci", derandomize=True)
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        hypothesis_settings.load_profile("ci")
