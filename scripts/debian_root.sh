#!/usr/bin/env bash
# A Debian 13 (trixie) root with Python 3.13, made from Debian's packages, for the ansible-core releases that
# need Python 3.12+ (noxfile.py's sessions matrix-2.20, matrix-2.21 and matrix-2.22). Made once per clone, kept in .build/.
#
#   bash scripts/debian_root.sh ensure            make the root unless it is there (and say which)
#   bash scripts/debian_root.sh run [--] CMD...   run CMD in the root, as root, in /repo (this checkout)
#
# The root is made with `mmdebstrap --variant=apt` (apt-get installs mmdebstrap on the host when it is
# missing); then a venv in it, /opt/nox, holds nox at tests/constraints.txt's version: the sessions make
# their own venvs in /opt/nox-envs with the same noxfile.py as on the host (which knows it is in the root by
# the root's mark file, /.hwcloud-jobs-root). A second call reuses all of it; two at once make it once.
# `run` copies the host's resolv.conf and CA bundle in, binds /proc, /dev and the checkout (read-write, at
# /repo) in a mount namespace of its own (two runs at once do not share mounts), and unmounts every one of
# them when CMD ends, fails or is interrupted. CMD gets a clean environment: PATH, HOME, LANG, CI, the
# proxy variables, PIP_DEFAULT_TIMEOUT and the HWCLOUD_JOBS_* settings of the tests.
#
# Env: HWCLOUD_JOBS_DEBIAN_ROOT  where the root is (default .build/debian13)
#      HWCLOUD_JOBS_DEBIAN_MIRROR  the Debian mirror (default mmdebstrap's: deb.debian.org)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="${HWCLOUD_JOBS_DEBIAN_ROOT:-$REPO/.build/debian13}"
SUITE=trixie
# git: ansible-test lists a collection's files with it; Java (17+) for ansible-rulebook's rule engine.
PACKAGES="python3,python3-venv,ca-certificates,git,openjdk-21-jre-headless"
MARK="$ROOT/.hwcloud-jobs-root"
# what the root was made with: a change makes it anew
RECIPE="$SUITE $PACKAGES nox==$(sed -n 's/^nox==//p' "$REPO/tests/constraints.txt") uv==$(sed -n 's/^uv==//p' "$REPO/tests/constraints.txt")"
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

say() { echo "debian_root: $*"; }
rel() { echo "${1#"$REPO"/}"; }

need_root() {
    if [[ $(id -u) -ne 0 ]]; then
        say "needs root (mmdebstrap, chroot and mount); run it as root, as CI does" >&2
        exit 1
    fi
}

copy_host_files() {
    local dir="$1"
    cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
    if [[ -f "$CA_BUNDLE" ]]; then
        mkdir -p "$dir$(dirname "$CA_BUNDLE")"
        cp -L "$CA_BUNDLE" "$dir$CA_BUNDLE"
    fi
}

# The root's command environment (env -i ... NAME=VALUE...).
root_env() {
    local vars=(HOME=/root PATH=/opt/nox/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        LANG=C.UTF-8 "PIP_CERT=$CA_BUNDLE" "REQUESTS_CA_BUNDLE=$CA_BUNDLE" UV_SYSTEM_CERTS=1
        PIP_DISABLE_PIP_VERSION_CHECK=1)
    local name
    for name in CI PIP_DEFAULT_TIMEOUT HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy \
        $(compgen -e | grep -E '^HWCLOUD_JOBS_' | grep -v '^HWCLOUD_JOBS_DEBIAN_' || true); do
        if [[ -n "${!name+x}" ]]; then vars+=("$name=${!name}"); fi
    done
    printf '%s\n' "${vars[@]}"
}

# mounted: the mount points of this run, in mount order; unmounted in reverse by the EXIT trap
mounted=()
unmount_all() {
    local i rc=0
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -R "${mounted[$i]}" || { rc=1; say "could not unmount ${mounted[$i]}" >&2; }
    done
    if [[ ${#mounted[@]} -gt 0 ]]; then say "unmounted ${#mounted[@]} mounts (proc, dev, repo)"; fi
    mounted=()
    return "$rc"
}

bind() {
    local src="$1" dest="$2"
    mkdir -p "$dest"
    mount "${@:3}" "$src" "$dest"
    mounted+=("$dest")
}

# in_root DIR CMD...: CMD in root DIR with the mounts, unmounted again whatever CMD does (in its own namespace).
in_root() {
    local dir="$1"
    shift
    trap 'unmount_all' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    copy_host_files "$dir"
    bind /proc "$dir/proc" --bind
    bind /dev "$dir/dev" --rbind
    bind "$REPO" "$dir/repo" --bind
    local env=() rc=0
    mapfile -t env < <(root_env)
    chroot "$dir" /usr/bin/env -i "${env[@]}" /bin/sh -c 'cd /repo && exec "$@"' sh "$@" || rc=$?
    return "$rc"
}

# in_namespace DIR CMD...: in_root in a private mount namespace: these mounts are this run's only (two runs at
# once do not share them), and they die with it at the latest.
in_namespace() {
    unshare --mount --propagation private "$BASH" "${BASH_SOURCE[0]}" _in_root "$@"
}

make_root() {
    local tmp="$ROOT.new" start=$EPOCHREALTIME secs
    if ! command -v mmdebstrap >/dev/null 2>&1; then
        say "installing mmdebstrap on the host (apt-get)"
        # (waiting for the package database while scripts/setup.sh --system has it)
        apt-get -o DPkg::Lock::Timeout=600 install -y -q mmdebstrap >/dev/null 2>&1 \
            || { apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null && apt-get -o DPkg::Lock::Timeout=600 install -y -q mmdebstrap >/dev/null; }
    fi
    rm -rf "$tmp" "$ROOT"
    mkdir -p "$(dirname "$ROOT")"
    say "making a Debian 13 root in $(rel "$ROOT") (mmdebstrap $SUITE: $PACKAGES)"
    # shellcheck disable=SC2086  # an optional mirror argument
    mmdebstrap --quiet --variant=apt --include="$PACKAGES" "$SUITE" "$tmp" ${HWCLOUD_JOBS_DEBIAN_MIRROR:-}
    # the tools venv: nox and uv (which makes and fills nox's venvs), pinned as in the main venv
    in_namespace "$tmp" /bin/sh -c 'python3 -m venv /opt/nox && /opt/nox/bin/pip install -q nox uv -c tests/constraints.txt'
    echo "$RECIPE" >"$tmp/.hwcloud-jobs-root"
    mv "$tmp" "$ROOT"
    secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
    say "made $(rel "$ROOT") in ${secs}s: $(chroot "$ROOT" python3 --version), $(chroot "$ROOT" /opt/nox/bin/nox --version 2>&1 | sed 's/^/nox /')"
}

# ensure: the root, made unless a complete one of the same recipe is there; two callers at once make it once.
ensure() {
    need_root
    mkdir -p "$(dirname "$ROOT")"
    exec 9>"$ROOT.lock"
    flock 9
    if [[ -f "$MARK" && "$(<"$MARK")" == "$RECIPE" ]]; then
        say "reusing $(rel "$ROOT") (made $(date -u -r "$MARK" '+%Y-%m-%d %H:%M UTC'): $(chroot "$ROOT" python3 --version))"
    else
        if [[ -f "$MARK" ]]; then say "$(rel "$ROOT") was made with another recipe: making it anew"; fi
        make_root
    fi
    flock -u 9
    exec 9>&-
}

case "${1:-}" in
    ensure)
        ensure ;;
    run)
        shift
        if [[ "${1:-}" == -- ]]; then shift; fi
        [[ $# -gt 0 ]] || { echo "usage: $0 run [--] CMD..." >&2; exit 2; }
        ensure
        in_namespace "$ROOT" "$@" ;;
    _in_root)
        shift
        in_root "$@" ;;
    *)
        echo "usage: $0 ensure | run [--] CMD..." >&2
        exit 2 ;;
esac
