"""Write ansible-test's pip bootstrap stand-in for the ansible-core of the Python that runs this.

ansible-test bootstraps pip in the venvs of its sanity tests with a get-pip.py downloaded from its own
file host, which this network cannot reach. It first looks in its cache for
~/.ansible/test/cache/get_pip_<pip version with _>.py: this puts there a stand-in that installs the pip asked
for with uv (from PyPI, as the sanity tests' own requirements come), or the pip bundled with Python where uv is
not on PATH. Run before ansible-test by noxfile.py's sanity sessions only (the main .venv's, each release's):
the demo never runs ansible-test. Prints one line: the file and whether it was written or present.
"""

import os
import sys
import types

STANDIN = '''"""Stand-in for get-pip.py written by hwcloud.jobs (no route to ansible-test's file host).

Installs the pip asked for (pip==X among the arguments) with uv where it is on PATH (about half a second, from
uv's cache after the first time), else the pip bundled with Python (ensurepip: ~7 s of CPU a venv).
"""
import os
import shutil
import subprocess
import sys


def main():
    wanted = [arg for arg in sys.argv[1:] if arg.startswith("pip==")]
    uv = shutil.which("uv")
    if uv and wanted:
        env = dict(os.environ, UV_LINK_MODE="copy", UV_SYSTEM_CERTS="1", UV_NO_PROGRESS="1", UV_PYTHON_DOWNLOADS="never")
        if subprocess.run([uv, "pip", "install", "--python", sys.executable, wanted[0]], env=env, check=False).returncode == 0:
            return
    import ensurepip
    ensurepip.bootstrap(upgrade=True)


main()
'''


def pip_version():
    from ansible_test._internal.python_requirements import get_venv_packages  # pylint: disable=import-outside-toplevel
    python = types.SimpleNamespace(version="%d.%d" % sys.version_info[:2])
    return get_venv_packages(python)["pip"]


def main():
    path = os.path.expanduser("~/.ansible/test/cache/get_pip_%s.py" % pip_version().replace(".", "_"))
    state = "present"
    current = None
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            current = handle.read()
    if current != STANDIN:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temp = "%s.%d.tmp" % (path, os.getpid())
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(STANDIN)
        os.replace(temp, path)  # two runs at once never see half a file
        state = "written"
    print("pip bootstrap %s %s" % (path.replace(os.path.expanduser("~"), "~", 1), state))


if __name__ == "__main__":
    main()
