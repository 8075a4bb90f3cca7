#!/bin/sh
# What the real-reader tests (tests/test_interop_*.py) need in CI: OmegaT (a Java app, Debian
# package `omegat`, pulls a headless-capable JRE) and Translate Toolkit (PyPI, in the test extra).
set -eu
if ! command -v omegat >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y omegat
fi
python -m pip install --quiet "translate-toolkit>=3.10"  # the active venv (.ci/run)
