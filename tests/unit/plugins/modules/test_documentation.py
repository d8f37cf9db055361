# -*- coding: utf-8 -*-
"""The documented options against the argument spec that is really validated, where ansible-test does not look.

validate-modules compares a module's DOCUMENTATION with the argument spec of the module it runs, but skips a
documentation-only module whose work an action plugin does (wait_for_job, api_call), and never sees the event
source (ansible-rulebook loads it by path, so it cannot extend a doc fragment and writes its options out). This test
makes that comparison for the three: each option's name, type, default, choices, required, elements and aliases,
and the environment variables it falls back to, in the docs (doc fragments merged by ansible's own code, as
ansible-doc merges them) and in the argument spec the plugin validates with. It also keeps the event source's
copy of the fragments' options in step with them.
"""

import ast
import glob
import importlib
import importlib.util
import os
import re

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.utils.plugin_docs import add_fragments

from ansible_collections.hwcloud.jobs.plugins.plugin_utils import api_call, wait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
COLLECTION = "hwcloud.jobs"
EVENT_SOURCE = os.path.join(ROOT, "extensions", "eda", "plugins", "event_source", "job_status.py")
ATTRIBUTES = ("type", "default", "choices", "required", "elements", "aliases")


class FragmentLoader(object):
    """What ansible's fragment loader gives ``add_fragments`` for this collection's fragments: the fragment class,
    named; None for a name it does not hold (add_fragments then tries NAME.VAR)."""

    def get(self, name):
        prefix = COLLECTION + "."
        if not name.startswith(prefix) or "." in name[len(prefix):]:
            return None
        try:
            module = importlib.import_module("ansible_collections.hwcloud.jobs.plugins.doc_fragments." + name[len(prefix):])
        except ImportError:
            return None
        return type("ModuleDocFragment", (module.ModuleDocFragment,), {"ansible_name": name})


def load_file(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def resolved_doc(path, is_module=True):
    """The DOCUMENTATION of the file at ``path`` with its fragments merged in, as ansible-doc shows it."""
    doc = yaml.safe_load(load_file(path, "hwcloud_jobs_doc_%s" % os.path.basename(path)[:-3]).DOCUMENTATION)
    add_fragments(doc, path, FragmentLoader(), is_module=is_module)
    return doc


def module_path(name):
    return os.path.join(ROOT, "plugins", "modules", name + ".py")


def event_source():
    return load_file(EVENT_SOURCE, "hwcloud_jobs_doc_job_status")


def fragment_options(name):
    """The options of this collection's fragment ``name``."""
    return yaml.safe_load(FragmentLoader().get("%s.%s" % (COLLECTION, name)).DOCUMENTATION)["options"]


# Each documentation-only module with the argument spec its action plugin validates with, and the event source.
SUBJECTS = {
    "wait_for_job": (lambda: resolved_doc(module_path("wait_for_job")), wait.argument_spec),
    "api_call": (lambda: resolved_doc(module_path("api_call")), api_call.argument_spec),
    "event source job_status": (lambda: yaml.safe_load(event_source().DOCUMENTATION), lambda: event_source().argument_spec()),
}


def normal(attribute, value):
    """An attribute as both sides mean it when it is not given: str, not required, no choices, elements or aliases."""
    if attribute == "type":
        return value or "str"
    if attribute == "required":
        return bool(value)
    if attribute in ("choices", "aliases"):
        return sorted(value or [], key=str)
    return value


def same(attribute, documented, specified):
    documented, specified = normal(attribute, documented), normal(attribute, specified)
    if isinstance(documented, bool) or isinstance(specified, bool):
        return documented is specified
    numbers = (int, float)
    if isinstance(documented, numbers) and isinstance(specified, numbers):
        return float(documented) == float(specified)
    return documented == specified


def env_fallback_names(spec):
    """The environment variables an option falls back to, in order, or [] (an env_fallback or the like: (f, [names]))."""
    fallback = spec.get("fallback")
    if not fallback or len(fallback) < 2 or not all(isinstance(name, str) for name in fallback[1]):
        return []
    return list(fallback[1])


def documented_fallback_names(option):
    """The E(NAME)s of the clause 'Falls back to E(A), then E(B)' of an option's description, in order."""
    description = option.get("description") or []
    text = " ".join(description if isinstance(description, list) else [description])
    clause = re.search(r"Falls back to (.*?)(?:\.\s|\.$|;|$)", text)
    return re.findall(r"E\(([A-Za-z0-9_]+)\)", clause.group(1)) if clause else []


def differences(subject, options, spec):
    """One line per difference between documented ``options`` and the argument ``spec``, naming subject, option, attribute."""
    found = []
    for name in sorted(set(spec) - set(options)):
        found.append("%s: option %s is in the argument spec but not documented" % (subject, name))
    for name in sorted(set(options) - set(spec)):
        found.append("%s: option %s is documented but not in the argument spec" % (subject, name))
    for name in sorted(set(options) & set(spec)):
        for attribute in ATTRIBUTES:
            documented, specified = options[name].get(attribute), spec[name].get(attribute)
            if not same(attribute, documented, specified):
                found.append("%s: option %s: %s is %r in the documentation, %r in the argument spec"
                             % (subject, name, attribute, documented, specified))
        names = env_fallback_names(spec[name])
        if documented_fallback_names(options[name]) != names:
            found.append("%s: option %s: the documentation says it falls back to %s, the argument spec to %s"
                         % (subject, name, documented_fallback_names(options[name]) or "nothing", names or "nothing"))
    return found


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_documented_options_are_the_argument_spec(subject):
    load_doc, argument_spec = SUBJECTS[subject]
    found = differences(subject, load_doc()["options"], argument_spec())
    assert not found, "\n".join(found)


def test_a_difference_is_named_by_module_option_and_attribute():
    options = dict(timeout=dict(type="float", default=900), wait=dict(type="bool"), region=dict(description=["Falls back to E(A)."]))
    spec = dict(timeout=dict(type="float", default=1800.0, aliases=["wait_timeout"]), poll_interval=dict(type="float"),
                region=dict(type="str", fallback=(None, ["A", "B"])))
    assert differences("api_call", options, spec) == [
        "api_call: option poll_interval is in the argument spec but not documented",
        "api_call: option wait is documented but not in the argument spec",
        "api_call: option region: the documentation says it falls back to ['A'], the argument spec to ['A', 'B']",
        "api_call: option timeout: default is 900 in the documentation, 1800.0 in the argument spec",
        "api_call: option timeout: aliases is None in the documentation, ['wait_timeout'] in the argument spec",
    ]
    assert differences("x", dict(a=dict(default=1)), dict(a=dict(default=True))) == [
        "x: option a: default is 1 in the documentation, True in the argument spec"]
    assert differences("x", dict(a=dict(type="float", default=1)), dict(a=dict(type="float", default=1.0))) == []


@pytest.mark.parametrize("module", ["wait_for_job", "api_call"])
def test_the_waiting_options_are_documented_once_in_a_fragment(module):
    """The modules extend the fragment rather than write its options out again (a module may add an alias)."""
    own = yaml.safe_load(load_file(module_path(module), "hwcloud_jobs_own_%s" % module).DOCUMENTATION)
    assert "%s.wait_options" % COLLECTION in own["extends_documentation_fragment"]
    for name in fragment_options("wait_options"):
        assert "description" not in own["options"].get(name, {}), "%s writes out %s, which the fragment documents" % (module, name)


def test_api_call_calls_its_deadline_timeout_and_keeps_wait_timeout_as_an_alias():
    spec = api_call.argument_spec()
    assert spec["timeout"]["aliases"] == ["wait_timeout"] and "wait_timeout" not in spec
    doc = resolved_doc(module_path("api_call"))["options"]["timeout"]
    assert doc["aliases"] == ["wait_timeout"] and doc["description"] == fragment_options("wait_options")["timeout"]["description"]
    for given in ("timeout", "wait_timeout"):
        validated = ArgumentSpecValidator(spec).validate({"service": "ecs", "path": "/v1/x", "wait": True, given: 60})
        assert not validated.errors.errors and validated.validated_parameters["timeout"] == 60.0, given


@pytest.mark.parametrize("fragment", ["wait_options", "connection"])
def test_the_event_source_documents_the_fragments_options_as_they_do(fragment):
    """The event source writes out the options it shares with the fragments: the same type, default, choices,
    required, elements and aliases as the fragment (the words may be its own)."""
    source_options = yaml.safe_load(event_source().DOCUMENTATION)["options"]
    shared = sorted(set(fragment_options(fragment)) & set(source_options))
    assert shared, "the event source shares no option with the fragment %s" % fragment
    found = []
    for name in shared:
        for attribute in ATTRIBUTES:
            documented, in_fragment = source_options[name].get(attribute), fragment_options(fragment)[name].get(attribute)
            if not same(attribute, documented, in_fragment):
                found.append("event source job_status: option %s: %s is %r, the fragment %s says %r"
                             % (name, attribute, documented, fragment, in_fragment))
    assert not found, "\n".join(found)


def test_the_event_source_polls_as_the_fragment_says():
    """Its polling options mean what they mean in a wait: the same words (not_found_timeout differs: the source reports
    a job never found as unknown, where a wait counts it as failed)."""
    source_options = yaml.safe_load(event_source().DOCUMENTATION)["options"]
    waiting = fragment_options("wait_options")
    for name in ("poll_interval", "max_poll_interval", "max_concurrency", "rate_limit"):
        assert source_options[name]["description"] == waiting[name]["description"], name


def doc_texts():
    """(file, text) of every documentation string of the collection: DOCUMENTATION, EXAMPLES and RETURN of the modules,
    doc fragments and event source, and the filters' .yml docs."""
    for path in sorted(glob.glob(os.path.join(ROOT, "plugins", "filter", "*.yml"))):
        with open(path) as handle:
            yield path, handle.read()
    for pattern in ("plugins/modules/*.py", "plugins/doc_fragments/*.py", "extensions/eda/plugins/event_source/*.py"):
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            with open(path) as handle:
                tree = ast.parse(handle.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str) \
                        and any(isinstance(t, ast.Name) and t.id in ("DOCUMENTATION", "EXAMPLES", "RETURN") for t in node.targets):
                    yield path, node.value.value


def test_no_markup_holds_an_escaped_parenthesis():
    """ansible-doc's text output ends C(...) at the first closing parenthesis, escaped or not: C(alert(1\\)) showed as
    garbled text in job_report_html's docs."""
    found = [os.path.relpath(path, ROOT) for path, text in doc_texts() if "\\)" in text or "\\(" in text]
    assert not found, "an escaped parenthesis in the docs of %s" % ", ".join(found)
    assert len(list(doc_texts())) > 20


INFO_MODULES = ("job_info", "cph_job_info", "koophone_task_info", "workspace_job_info", "cfw_job_info")


@pytest.mark.parametrize("module", INFO_MODULES + ("wait_for_job", "api_call"))
def test_the_info_modules_wait_for_job_and_api_call_point_to_each_other(module):
    seealso = [entry.get("module") for entry in resolved_doc(module_path(module)).get("seealso", [])]
    others = set(INFO_MODULES + ("wait_for_job", "api_call")) - set([module])
    assert set("%s.%s" % (COLLECTION, other) for other in others) <= set(seealso), seealso


def test_wait_for_jobs_examples_start_the_jobs_with_api_call():
    examples = yaml.safe_load(load_file(module_path("wait_for_job"), "hwcloud_jobs_examples_wait_for_job").EXAMPLES)
    assert "hwcloud.jobs.api_call" in examples[0] and examples[0]["hwcloud.jobs.api_call"]["wait"] is True
    assert not any("ansible.builtin.uri" in task for task in examples)
    assert any(task.get("hwcloud.jobs.wait_for_job", {}).get("jobs") == "{{ desktops.started }}" for task in examples)


def test_pending_ids_and_stopped_early_say_what_fail_fast_leaves():
    returns = yaml.safe_load(load_file(module_path("wait_for_job"), "hwcloud_jobs_return_wait_for_job").RETURN)
    pending = " ".join(returns["pending_ids"]["description"])
    assert "O(fail_fast)" in pending and "empty unless" not in pending
    assert returns["stopped_early"]["description"].startswith("V(true) when O(fail_fast) ended the wait before the deadline")


def test_url_and_allow_insecure_http_say_alike_that_loopback_http_is_allowed():
    options = resolved_doc(module_path("api_call"))["options"]
    url, insecure = " ".join(options["url"]["description"]), " ".join(options["allow_insecure_http"]["description"])
    for loopback in ("C(127.0.0.1)", "C(::1)", "C(localhost)"):
        assert loopback in url and loopback in insecure
    assert "O(hwcloud.jobs.api_call#module:url)" in insecure and "not loopback" in insecure
