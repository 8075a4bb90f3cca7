#!/bin/sh
# What the `distributed` tests (tests/test_distributed_ray.py, tests/test_distributed_cluster.py)
# need: Ray with its data extra, in the active venv (.ci/run). Nothing system-wide.
set -eu
python -c "import ray" 2>/dev/null || python -m pip install --quiet "ray[data]>=2.9"
