"""Where a job's work runs: this machine (`local`) or a Ray cluster (`ray`), and corpus-scale
mining over sharded embeddings and FAISS indexes (tm.distributed.corpus, .shards, .search).

Ray is an optional extra (`pip install 'tm[distributed]'`), imported only by
`tm.distributed.ray_engine` when `--engine ray` is asked for.
"""

from __future__ import annotations

from tm.distributed.engine import ENGINES, Engine, LocalEngine, get_engine

__all__ = ["ENGINES", "Engine", "LocalEngine", "get_engine"]
