# Shared set-up for tools/demo and tools/test; sourced, not run.
# Creates .venv-tox with the pinned tox, and reports each failure in one
# line instead of pip's or tox's own output.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOX_VENV="$REPO/.venv-tox"
TOX_VERSION=4.67.13
LOG_DIR="$REPO/.tox-logs"

fail() {
    echo "$(basename "$0"): $*" >&2
    exit 2
}

# Ctrl-C during set-up is not a failure of the step it cut short.
trap 'echo "$(basename "$0"): interrupted" >&2; exit 130' INT

check_python() {
    command -v python3 >/dev/null ||
        fail "python3 not found: install Python 3.11 or newer."
    python3 -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' ||
        fail "$(python3 --version 2>&1) is too old or has no venv module:" \
             "the plugin needs Python 3.11 or newer with venv."
}

# Ask the configured package index for one small package, so that a
# machine without registry access gets one clear line.
check_registry() {
    mkdir -p "$LOG_DIR"
    if ! python3 -m pip download --no-deps --disable-pip-version-check \
            --dest "$LOG_DIR/probe" "tox==$TOX_VERSION" \
            >"$LOG_DIR/registry-check.log" 2>&1; then
        fail "cannot download packages from the package registry" \
             "(pip's output: $LOG_DIR/registry-check.log). Check network" \
             "access to PyPI or set PIP_INDEX_URL to a mirror."
    fi
}

bootstrap_tox() {
    check_python
    if [ -x "$TOX_VENV/bin/tox" ] &&
            "$TOX_VENV/bin/tox" --version 2>/dev/null |
            grep -q "^$TOX_VERSION "; then
        return
    fi
    check_registry
    echo "Installing tox $TOX_VERSION into $TOX_VENV ..."
    rm -rf "$TOX_VENV"
    python3 -m venv "$TOX_VENV" &&
        "$TOX_VENV/bin/pip" install --disable-pip-version-check -q \
            "tox==$TOX_VERSION" >"$LOG_DIR/tox-install.log" 2>&1 ||
        fail "installing tox failed; see $LOG_DIR/tox-install.log"
}

# Build a tox environment without running its commands. tox prints its
# own progress; on failure one line names the log to read.
prepare_env() {
    local env=$1
    if [ ! -d "$REPO/.tox/$env" ]; then
        check_registry
        echo "Preparing the tox environment '$env' (about a minute) ..."
    fi
    if ! "$TOX_VENV/bin/tox" -c "$REPO/tox.ini" -e "$env" --notest \
            >"$LOG_DIR/tox-$env.log" 2>&1; then
        fail "preparing the tox environment '$env' failed; see" \
             "$LOG_DIR/tox-$env.log"
    fi
}
