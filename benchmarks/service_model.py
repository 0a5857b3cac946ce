"""Would a smaller SageMaker service model or a cached one make commands faster?

botocore loads the whole SageMaker service model (``service-2.json.gz``, 434 operations) into
every process that makes a SageMaker client. This measures, in fresh processes (medians of
CPU time): making the client with the full model; with a model trimmed to the operations
sm-governance calls (found through ``AWS_DATA_PATH``, as botocore allows); and reading the
full model from a pickle instead of gzipped JSON (what a cache across processes could do).
The figures decide whether shipping either is worth it; see the report's conclusion.
"""

from __future__ import annotations

import functools
import gzip
import json
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchmarks._harness import Context, Section, fmt_ms, interleave, median, run_child, table

#: Every SageMaker operation the product calls.
OPERATIONS = (
    "AddTags",
    "BatchDescribeModelPackage",
    "CreateModelPackage",
    "CreateModelPackageGroup",
    "DescribeModelPackage",
    "DescribeModelPackageGroup",
    "DescribeTrainingJob",
    "ListModelPackageGroups",
    "ListModelPackages",
    "ListTags",
    "Search",
    "UpdateModelPackage",
)
_CLIENT = (
    "import boto3\n"
    "boto3.Session(aws_access_key_id='x', aws_secret_access_key='x', region_name='us-east-1')"
    ".client('sagemaker')\n"
)
_IMPORT = "import boto3\n"
_JSON = "import gzip, json, sys\njson.loads(gzip.open(sys.argv[1]).read())\n"
_PICKLE = "import pickle, sys\npickle.loads(open(sys.argv[1], 'rb').read())\n"


def _trim(model: dict[str, Any]) -> dict[str, Any]:
    shapes: dict[str, Any] = model["shapes"]
    keep: set[str] = set()
    todo = [
        op[part]["shape"]
        for name in OPERATIONS
        for op in [model["operations"][name]]
        for part in ("input", "output")
        if part in op
    ]
    todo += [e["shape"] for name in OPERATIONS for e in model["operations"][name].get("errors", [])]
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        shape = shapes[name]
        todo += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
        todo += [m["shape"] for m in shape.get("members", {}).values()]
    return {
        **model,
        "operations": {name: model["operations"][name] for name in OPERATIONS},
        "shapes": {name: shapes[name] for name in sorted(keep)},
    }


def run(ctx: Context) -> Section:
    """Measure and return the report section."""
    import botocore

    source = Path(botocore.__file__).parent / "data" / "sagemaker" / "2017-07-24"
    with gzip.open(source / "service-2.json.gz") as packed:
        full = json.loads(packed.read())
    small = _trim(full)
    scratch = Path(tempfile.mkdtemp(prefix="smgov-model-"))
    target = scratch / "data" / "sagemaker" / "2017-07-24"
    target.mkdir(parents=True)
    (target / "service-2.json").write_text(json.dumps(small), encoding="utf-8")
    for extra in ("endpoint-rule-set-1.json.gz", "paginators-1.json", "waiters-2.json"):
        shutil.copy(source / extra, target / extra)
    pickled = scratch / "service-2.pickle"
    pickled.write_bytes(pickle.dumps(full, protocol=pickle.HIGHEST_PROTOCOL))
    py = ctx.python
    plain = {k: v for k, v in __import__("os").environ.items() if not k.startswith("AWS_")}
    trimmed = {**plain, "AWS_DATA_PATH": str(scratch / "data")}
    cases = {
        "import boto3 only": ([py, "-c", _IMPORT], plain),
        "client, full model": ([py, "-c", _CLIENT], plain),
        "client, trimmed model": ([py, "-c", _CLIENT], trimmed),
        "full model: gzip + JSON": ([py, "-c", _JSON, str(source / "service-2.json.gz")], plain),
        "full model: pickle": ([py, "-c", _PICKLE, str(pickled)], plain),
    }
    cpu: dict[str, list[float]] = {name: [] for name in cases}

    def child(name: str) -> float:
        argv, env = cases[name]
        done = run_child(argv, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"{name}: {done.stderr[-300:]}")
        cpu[name].append(done.cpu_seconds)
        return done.seconds

    rounds = 1 if ctx.smoke else 9
    ctx.say(f"service model: {rounds} rounds of {len(cases)} processes")
    interleave(rounds, {name: functools.partial(child, name) for name in cases})
    base = median(cpu["import boto3 only"])
    med = {name: median(values) for name, values in cpu.items()}
    python_only = median(cpu["full model: gzip + JSON"])
    section = Section("Service model")
    section.lines += [
        "Fresh processes, medians of CPU time over "
        f"{rounds} interleaved rounds. The SageMaker model has {len(full['operations'])} "
        f"operations and {len(full['shapes']):,} shapes; trimmed to the {len(OPERATIONS)} "
        f"operations sm-governance calls it keeps {len(small['shapes']):,} shapes.",
        "",
    ]
    section.lines += table(
        ["process", "CPU", "beyond `import boto3`"],
        [
            [name, fmt_ms(value), fmt_ms(value - base) if name.startswith("client") else "-"]
            for name, value in med.items()
        ],
    )
    saved = med["client, full model"] - med["client, trimmed model"]
    cache = python_only - med["full model: pickle"]
    section.lines += [
        "",
        f"A trimmed model would save {fmt_ms(saved)} of CPU per process that makes a "
        f"SageMaker client; a pickled cache of the full model about {fmt_ms(cache)}. Neither "
        "is shipped: the trimmed model would have to follow every botocore release (a stale "
        "copy would validate requests against an old API, the opposite of what the local "
        "SageMaker promises), it would change the model for a session the user hands in, and "
        "a cache on disk adds a file to trust and invalidate. The plain boto3 script the "
        "commands are compared with loads the same full model, so the ratios are unaffected.",
    ]
    return section
