"""Register N versions with their full card, in a process of its own, for its peak memory.

``python -m benchmarks._register N`` with ``AWS_ENDPOINT_URL`` pointing at a sandbox: makes
one group, then registers N versions, each with the benchmark card (every section, 50
metrics), built and validated with the builders. Prints ``{"seconds": S}``: the time of the
N registrations (card building included, imports and the group excluded).
"""

from __future__ import annotations

import json
import sys
from time import perf_counter

from benchmarks._cardspec import card_spec
from benchmarks._ours_card import build_card

IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"


def main(argv: list[str]) -> int:
    """Register ``argv[0]`` versions; print the time they took."""
    n = int(argv[0])
    from sm_governance.registry import ModelRegistry

    registry = ModelRegistry()
    registry.ensure_group("memory-bench", datazone_project_id="benchproject01")
    spec = card_spec()
    started = perf_counter()
    for i in range(n):
        spec["model_overview"]["model_artifact"] = [f"s3://bench-models/memory/v{i}.tar.gz"]
        registry.register(
            "memory-bench",
            build_card(spec),
            image_uri=IMAGE,
            model_data_url=f"s3://bench-models/memory/v{i}.tar.gz",
        )
    sys.stdout.write(json.dumps({"seconds": perf_counter() - started}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
