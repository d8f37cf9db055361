"""Make the checkout importable as ansible_collections.hwcloud.jobs for the unit tests."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "hwcloud", "jobs")

if not os.path.exists(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    os.symlink(ROOT, LINK)
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)
# fakes.py (fake clock, session, responses) is shared by the tests of module_utils and plugin_utils.
HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

try:
    from hypothesis import settings as hypothesis_settings
except ImportError:  # pragma: no cover
    hypothesis_settings = None

if hypothesis_settings is not None:
    # CI replays the same examples every run (a red CI is then a change's fault); local runs keep exploring.
    hypothesis_settings.register_profile("ci", derandomize=True)
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        hypothesis_settings.load_profile("ci")
