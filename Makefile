# The single entry point: `make demo`, `make test`, `make lint`, `make bench`.
# Every target creates the virtual environment it needs when it is missing, so a fresh
# clone needs nothing but Python 3.10+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint typecheck pytest bench clean infra-lint

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(STAMP)  ## create or refresh .venv

demo: $(STAMP)  ## the whole lifecycle on the embedded local SageMaker (no AWS account)
	$(BIN)/python -m sm_governance._demo

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)  ## mypy --strict
	$(BIN)/mypy

pytest: $(STAMP)  ## unit, functional and server tests with branch coverage
	$(BIN)/python -m pytest --cov --cov-report=term tests

test: lint typecheck infra-lint pytest  ## every check CI runs

# infra/ linters live in their own environment: checkov pins many packages tightly.
INFRA_VENV  := .venv-infra
INFRA_STAMP := $(INFRA_VENV)/.installed

$(INFRA_STAMP): infra/requirements-lint.txt
	@test -x $(INFRA_VENV)/bin/python || $(PYTHON) -m venv $(INFRA_VENV)
	$(INFRA_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(INFRA_VENV)/bin/python -m pip install --quiet -r infra/requirements-lint.txt
	@touch $@

infra-lint: $(INFRA_STAMP)  ## cfn-lint and checkov on infra/ (zero findings)
	$(INFRA_VENV)/bin/cfn-lint --include-checks I -- infra/*.yaml
	$(INFRA_VENV)/bin/checkov --directory infra --framework cloudformation --quiet --compact --skip-download

bench: $(STAMP)  ## run the benchmarks and write benchmarks/RESULTS.md
	$(BIN)/python -m benchmarks

clean:  ## remove environments and caches
	rm -rf $(VENV) .venv-* .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov .hypothesis
