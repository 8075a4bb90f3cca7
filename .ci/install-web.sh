#!/bin/sh
# What the browser tests (tests/test_web*.py, marker `web`) need in CI: Debian's Chromium, driven
# by the Python `playwright` package through its executable path. Never `playwright install`: it
# downloads a browser build, which fails offline. DejaVu fonts cover every Kazakh letter.
set -eu
if [ ! -x /usr/lib/chromium/chromium ] && ! command -v chromium >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi
python -m pip install --quiet "playwright>=1.45" "starlette>=0.40" "jinja2>=3.1" "uvicorn>=0.30" "python-multipart>=0.0.9"
