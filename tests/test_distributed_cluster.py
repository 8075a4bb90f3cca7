"""A two-node Ray cluster (simulated on this machine) loses a node in the middle of a corpus job:
Ray retries the lost tasks on the other node and the job writes the same pairs as the local engine."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from distributed_helpers import FLORES, mined_pairs, write_comparable_corpus

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'tm[distributed]')")
pytestmark = [
    pytest.mark.distributed,
    pytest.mark.skipif(not FLORES.exists(), reason=f"FLORES not found at {FLORES}"),
]


@pytest.fixture
def two_nodes():
    from ray.cluster_utils import Cluster

    if ray.is_initialized():
        ray.shutdown()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    worker = cluster.add_node(num_cpus=1)
    ray.init(address=cluster.address, log_to_driver=False, logging_level="error")
    yield cluster, worker
    ray.shutdown()
    cluster.shutdown()


def test_a_node_killed_mid_run_changes_no_pair(two_nodes, tmp_path: Path) -> None:
    from tm.distributed.corpus import mine_corpus
    from tm.distributed.engine import LocalEngine
    from tm.distributed.ray_engine import RayEngine

    cluster, worker = two_nodes
    folder = tmp_path / "corpus"
    write_comparable_corpus(folder, 8)
    mine_corpus([folder], tmp_path / "local", engine=LocalEngine(), shard_docs=1)

    errors: list[BaseException] = []

    def run() -> None:
        try:
            mine_corpus([folder], tmp_path / "ray", engine=RayEngine(), shard_docs=1)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    job = threading.Thread(target=run)
    job.start()
    segments = tmp_path / "ray" / "segments"
    deadline = time.monotonic() + 300
    while job.is_alive() and time.monotonic() < deadline and not (segments.exists() and any(segments.iterdir())):
        time.sleep(0.05)
    killed_mid_run = job.is_alive()
    cluster.remove_node(worker, allow_graceful=False)
    job.join(timeout=600)
    assert not errors, errors
    assert killed_mid_run, "the job finished before the node could be killed"
    assert mined_pairs(tmp_path / "ray") == mined_pairs(tmp_path / "local")
    assert len(mined_pairs(tmp_path / "local")) >= 15
