"""redaction.py: one mask, one redaction, the secret-looking keys of a body; the mask is written in no other file."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from ansible_collections.hwcloud.jobs.plugins.module_utils.redaction import MASK, mask, redact, secret_values, without_userinfo

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..")


def test_redact_masks_the_longest_secret_first_and_skips_the_short_ones():
    assert redact("key abcdef and abcdefgh", ["abcdef", "abcdefgh"]) == "key %s and %s" % (MASK, MASK)
    assert redact("a token abc here", ["abc"], shortest=6) == "a token abc here"
    assert redact("nothing", ["", None]) == "nothing"


def test_mask_hides_secret_looking_keys_at_any_depth_and_secret_values_finds_them():
    body = {"server": {"adminPass": "pa55word!", "name": "web", "user_data": ""}, "items": [{"token": "tok-1234"}]}
    assert mask(body) == {"server": {"adminPass": MASK, "name": "web", "user_data": ""}, "items": [{"token": MASK}]}
    assert sorted(secret_values(body)) == ["pa55word!", "tok-1234"]


def test_without_userinfo_drops_what_comes_before_the_last_at():
    assert without_userinfo("http://u:p@ss@proxy:3128") == "proxy:3128"
    assert without_userinfo("https://h/x") == "https://h/x"


def test_the_mask_is_written_in_one_file():
    holders = []
    for top in ("plugins", "extensions"):
        for folder, dummy, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if name.endswith(".py"):
                    with open(os.path.join(folder, name), encoding="utf-8") as handle:
                        if '"********"' in handle.read():
                            holders.append(name)
    assert holders == ["redaction.py"]
