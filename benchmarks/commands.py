"""Every AWS command as a process versus a plain boto3 script making the same calls.

Both sides are processes started the same way (the same interpreter, the sandbox's variables)
against the loopback sandbox; each prints what it read. The boto3 script is what someone
would write instead of the command: create the client(s), send the same requests, print the
answer as JSON. The ratio is the price of the command's checks, typing and output on top of
boto3's own start-up and requests; the goal is at most 1.2x.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks._harness import (
    ChildRun,
    Context,
    Goal,
    Section,
    fmt_ms,
    fmt_ratio,
    interleave,
    median,
    run_child,
    table,
)
from benchmarks._sandbox import FAKE, shared_sandbox

GOAL = 1.2
GROUP = "cmd-0000"
POLICY = """\
policy: bench
version: 1
require: [intended_uses.purpose_of_model]
metrics:
  fairness_score: ">= 0.5"
"""

_PRINT = "import json, sys\nprint(json.dumps(answer, default=str))\n"
_DESCRIBE = (
    "import boto3, sys\n"
    "sm = boto3.client('sagemaker')\n"
    "answer = sm.describe_model_package(ModelPackageName=sys.argv[1])\n" + _PRINT
)
#: The describe script with the imports a card-validating command cannot do without, and
#: nothing else: what it costs at the least. pydantic-core is the engine any pydantic
#: validation runs on, with no rule loaded; a policy file is YAML (``check --policy``);
#: documents are Jinja2 templates (``render``). ``sm_governance.card`` is what ``show``,
#: ``check`` and ``render`` load today: pydantic with the card models built.
FLOORS = {
    "pydantic-core": "import pydantic_core\n",
    "pydantic-core and PyYAML": "import pydantic_core, yaml\n",
    "pydantic-core and Jinja2": "import pydantic_core, jinja2\n",
    "`sm_governance.card`": "import sm_governance.card\n",
}
#: The commands whose boto3 script is the describe script.
_DESCRIBING = ("show", "check --policy", "render (Markdown)", "history")
#: Which floor each card-validating command stands on.
_FLOOR_OF = {
    "show": "pydantic-core",
    "check --policy": "pydantic-core and PyYAML",
    "render (Markdown)": "pydantic-core and Jinja2",
}

_PENDING = (
    "import boto3\n"
    "sm = boto3.client('sagemaker')\n"
    "answer, token = [], None\n"
    "while True:\n"
    "    extra = {'NextToken': token} if token else {}\n"
    "    page = sm.list_model_packages(ModelApprovalStatus='PendingManualApproval',\n"
    "        ModelPackageType='Versioned', MaxResults=100, **extra)\n"
    "    answer += page['ModelPackageSummaryList']\n"
    "    token = page.get('NextToken')\n"
    "    if not token:\n"
    "        break\n" + _PRINT
)
_DECIDE = (
    "import boto3, sys\n"
    "sts, sm = boto3.client('sts'), boto3.client('sagemaker')\n"
    "me = sts.get_caller_identity()['Arn']\n"
    "before = sm.describe_model_package(ModelPackageName=sys.argv[1])\n"
    "sm.update_model_package(ModelPackageArn=sys.argv[1], ModelApprovalStatus=sys.argv[2],\n"
    "    ApprovalDescription=sys.argv[2] + ' by ' + me)\n"
    "answer = sm.describe_model_package(ModelPackageName=sys.argv[1])\n" + _PRINT
)


def _officer(endpoint_url: str) -> dict[str, str]:
    """Credentials of a second IAM user: the seeded versions' registrant cannot approve."""
    import boto3

    iam = boto3.client(
        "iam",
        endpoint_url=endpoint_url,
        aws_access_key_id=FAKE["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE["AWS_SECRET_ACCESS_KEY"],
        region_name=FAKE["AWS_DEFAULT_REGION"],
    )
    iam.create_user(UserName="bench-officer")
    key = iam.create_access_key(UserName="bench-officer")["AccessKey"]
    return {
        "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
    }


def run(ctx: Context) -> Section:
    """Measure every command against its script and return the report section."""
    rounds = 1 if ctx.smoke else 11
    sandbox = shared_sandbox(ctx)
    # approve and reject each need a pending version per run, on both sides (warm-up included)
    versions = 1 + 4 * (rounds + 1)
    sandbox.seed(groups=1, versions=versions, pending_every=1, prefix="cmd")
    arns = [
        f"arn:aws:sagemaker:us-east-1:123456789012:model-package/{GROUP}/{v}"
        for v in range(1, versions + 1)
    ]
    env = {**sandbox.environment(), **_officer(sandbox.endpoint_url)}
    smgov, python = str(ctx.bin / "smgov"), ctx.python
    scratch = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    policy = scratch / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    shown = arns[0]
    fresh = iter(arns[1:])
    commands: dict[str, tuple[list[str], list[str]]] = {
        "show": ([smgov, "--output", "json", "show", shown], [python, "-c", _DESCRIBE, shown]),
        "check --policy": (
            [smgov, "--output", "json", "check", shown, "--policy", str(policy)],
            [python, "-c", _DESCRIBE, shown],
        ),
        "render (Markdown)": ([smgov, "render", shown], [python, "-c", _DESCRIBE, shown]),
        "pending": ([smgov, "--output", "json", "pending"], [python, "-c", _PENDING]),
        "history": (
            [smgov, "--output", "json", "history", shown],
            [python, "-c", _DESCRIBE, shown],
        ),
    }
    cpu: dict[str, list[float]] = {}

    def child(name: str, argv: list[str], ok: tuple[int, ...] = (0,)) -> float:
        done: ChildRun = run_child(argv, env=env)
        if done.returncode not in ok:
            raise RuntimeError(f"{name} exited {done.returncode}: {done.stderr[-400:]}")
        cpu.setdefault(name, []).append(done.cpu_seconds)
        return done.seconds

    cases: dict[str, Any] = {}
    for name, (ours, script) in commands.items():
        # check exits 1 when the gate fails: the seeded cards pass it, so 0 is expected
        cases[f"{name}|ours"] = lambda n=name, a=ours: child(f"{n}|ours", a)
        cases[f"{name}|boto3"] = lambda n=name, a=script: child(f"{n}|boto3", a)
    # approve and reject: a different pending version each run, on both sides
    decisions = {
        "approve": ("Approved", ["--allow-unknown-registrant", "--no-policy"]),
        "reject": ("Rejected", []),
    }
    for command, (status, flags) in decisions.items():
        cases[f"{command}|ours"] = lambda c=command, f=flags: child(
            f"{c}|ours",
            [smgov, "--output", "json", c, next(fresh), "--reason", "benchmark", *f],
        )
        cases[f"{command}|boto3"] = lambda c=command, s=status: child(
            f"{c}|boto3", [python, "-c", _DECIDE, next(fresh), s]
        )
    for label, imports in FLOORS.items():
        cases[f"{label}|floor"] = lambda n=label, a=imports + _DESCRIBE: child(
            f"{n}|floor", [python, "-c", a, shown]
        )
    for case in cases.values():  # warm the file cache once; the first run is not counted
        case()
    for values in cpu.values():
        values.clear()
    ctx.say(f"commands: {rounds} interleaved rounds of {len(cases)} processes")
    times = interleave(rounds, cases)
    return _section(rounds, times, cpu)


def _section(rounds: int, times: dict[str, list[float]], cpu: dict[str, list[float]]) -> Section:
    section = Section("Commands versus a boto3 script")
    section.lines += [
        "Each `smgov` command as a process against the loopback sandbox, versus a plain boto3 "
        "script (`python -c`) making the same requests and printing the answer as JSON. "
        f"{rounds} interleaved rounds; medians of wall and CPU time, start-up included. "
        "`approve` and `reject` run on a different pending version each time on both sides.",
        "",
    ]
    rows: list[list[Any]] = []
    worst = 0.0
    ratios: list[tuple[str, str]] = []
    names = sorted({key.split("|")[0] for key in times if not key.endswith("|floor")})
    for name in names:
        ours, base = median(times[f"{name}|ours"]), median(times[f"{name}|boto3"])
        ours_cpu, base_cpu = median(cpu[f"{name}|ours"]), median(cpu[f"{name}|boto3"])
        ratio, cpu_ratio = ours / base, ours_cpu / base_cpu
        worst = max(worst, ratio)
        ratios.append((name, fmt_ratio(ratio)))
        rows.append(
            [
                f"`{name}`",
                fmt_ms(ours),
                fmt_ms(base),
                f"**{fmt_ratio(ratio)}**",
                fmt_ms(ours_cpu),
                fmt_ms(base_cpu),
                fmt_ratio(cpu_ratio),
            ]
        )
    section.lines += table(
        ["command", "smgov", "boto3 script", "ratio", "smgov CPU", "script CPU", "CPU ratio"],
        rows,
    )
    section.goals.append(
        Goal(
            "Every AWS command vs a plain boto3 script",
            f"<= {GOAL}x",
            f"worst {fmt_ratio(worst)} (wall)",
            worst <= GOAL,
        )
    )
    section.lines += ["", *_floors(times, cpu)]
    section.headlines.append(
        [
            "AWS commands as processes, wall time against a boto3 script",
            ", ".join(f"{name.split()[0]} {ratio}" for name, ratio in ratios),
            "a plain boto3 script making the same calls",
            f"worst {fmt_ratio(worst)} (goal <= {GOAL}x)",
        ]
    )
    return section


def _floors(times: dict[str, list[float]], cpu: dict[str, list[float]]) -> list[str]:
    """What validating a card costs before any rule runs, against the same describe script."""
    # every case that runs the describe script, pooled: the floors are small differences
    describing = [f"{name}|boto3" for name in _DESCRIBING]
    base = median([t for key in describing for t in times[key]])
    base_cpu = median([t for key in describing for t in cpu[key]])

    def ratio(key: str) -> float:
        return median(times[key]) / base

    rows: list[list[Any]] = [
        ["the describe script (above, all its runs)", fmt_ms(base), fmt_ms(base_cpu), "1.00x"]
    ]
    shown = [(f"the script, also importing {label}", f"{label}|floor") for label in FLOORS]
    shown += [
        ("`smgov history` (the same request, no card validated)", "history|ours"),
        ("`smgov show` (the same request, the card validated)", "show|ours"),
    ]
    for label, key in shown:
        rows.append(
            [label, fmt_ms(median(times[key])), fmt_ms(median(cpu[key])), f"{ratio(key):.2f}x"]
        )
    # The CLI's own cost (history's) plus each floor's imports: the least a command reaches
    # without leaving pydantic, YAML or Jinja2, before a rule is built or run.
    cli = ratio("history|ours") - 1
    least = ", ".join(
        f"`{name.split()[0]}` {cli + ratio(f'{floor}|floor'):.2f}x"
        for name, floor in _FLOOR_OF.items()
    )
    return [
        "What a card-validating command pays before any rule runs: the describe script with "
        "only the imports such a command cannot do without, in the same interleaved rounds. "
        "`history` makes the same request as `show` and validates no card, so its ratio is the "
        "CLI's own cost. Adding each command's imports to it gives the least it could reach "
        f"with no rule built or run: {least}.",
        "",
        *table(["process", "wall (median)", "CPU (median)", "vs the describe script"], rows),
    ]
