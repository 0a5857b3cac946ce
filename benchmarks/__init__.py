"""Benchmarks of sm-governance, measured side by side with the alternatives in one run.

Run every benchmark and write ``benchmarks/RESULTS.md``::

    .venv/bin/python -m benchmarks            # or: make bench
    .venv/bin/python -m benchmarks --smoke    # tiny sizes, a few seconds (run by make test)

Each benchmark is a module with a ``run(ctx)`` function returning a section of the report:

* :mod:`benchmarks.cold_start`: ``smgov --help`` / ``--version`` / ``pending`` versus
  ``python -c "import sagemaker"`` (SageMaker SDK v2), with each process's peak memory;
* :mod:`benchmarks.card_throughput`: build, validate and serialise a full card, versus the
  SDK v2 ``sagemaker.model_card`` objects serialised as the SDK does for registration;
* :mod:`benchmarks.aws_calls`: AWS calls per operation, counted with botocore event hooks;
* :mod:`benchmarks.review_scan`: the review queue over 10 to 1,000 groups on a loopback
  sandbox, versus a script that describes every package;
* :mod:`benchmarks.memory`: peak memory of registering 1,000 versions;
* :mod:`benchmarks.profile`: where the time of the slowest path goes (cProfile).

Targets are goals to report against, never assertions. This package imports only the
standard library at import time: the SDK worker runs it in the SDK's own interpreter.
"""
