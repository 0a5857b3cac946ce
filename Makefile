# The single entry point: `make demo`, `make test`, `make lint`, `make bench`.
# Every target creates the virtual environment it needs when it is missing, so a fresh
# clone needs nothing but Python 3.10+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint typecheck pytest bench clean infra-lint test-pipelines-v2 test-pipelines-v3 notebooks

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(STAMP)  ## create or refresh .venv

demo: $(STAMP)  ## the whole lifecycle on the embedded local SageMaker (no AWS account)
	$(BIN)/smgov demo

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)  ## mypy --strict
	$(BIN)/mypy

pytest: $(STAMP)  ## unit, functional and server tests with branch coverage
	$(BIN)/python -m pytest --cov --cov-report=term tests

test: lint typecheck infra-lint pytest test-pipelines-v2 test-pipelines-v3  ## every check CI runs

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

# SageMaker SDK v2 and v3 cannot share an environment: each has its own, for tests/pipelines.
# SMGOV_SDK_MAJOR makes a missing or wrong SDK an error there instead of a skip. Coverage of
# sm_governance.pipelines is measured in each (its data kept inside the environment).
PIPELINES_TEST_DEPS := 'pytest>=8,<10' 'pytest-cov>=5,<8'
# notebooks/02_pipeline_register_model.ipynb needs SDK v2: .venv-sm2 also runs it in a kernel.
NOTEBOOK_TEST_DEPS := 'nbclient>=0.10,<1' 'nbformat>=5.10,<6' 'ipykernel>=6.29,<8'

# $(call sdk-venv,MAJOR,EXTRA[,MORE]): create .venv-smMAJOR when missing; install the package
# with EXTRA (and the packages MORE)
define sdk-venv
	@test -x .venv-sm$(1)/bin/python || $(PYTHON) -m venv .venv-sm$(1)
	.venv-sm$(1)/bin/python -m pip install --quiet --upgrade pip
	.venv-sm$(1)/bin/python -m pip install --quiet -e '.[$(2),testing]' $(PIPELINES_TEST_DEPS) $(3)
	@touch .venv-sm$(1)/.installed
endef

# $(call sdk-tests,MAJOR): the pipelines tests (and their unit tests) in .venv-smMAJOR
define sdk-tests
	SMGOV_SDK_MAJOR=$(1) COVERAGE_FILE=.venv-sm$(1)/.coverage .venv-sm$(1)/bin/python -m pytest \
		-p no:cacheprovider --cov --cov-config=tests/pipelines/coveragerc-v$(1) \
		--cov-report=term-missing tests/pipelines tests/unit/pipelines
endef

.venv-sm2/.installed: pyproject.toml
	$(call sdk-venv,2,pipelines,$(NOTEBOOK_TEST_DEPS))

.venv-sm3/.installed: pyproject.toml
	$(call sdk-venv,3,pipelines-v3)

test-pipelines-v2: .venv-sm2/.installed  ## pipeline tests with SageMaker SDK v2 (.venv-sm2)
	$(call sdk-tests,2)

test-pipelines-v3: .venv-sm3/.installed  ## pipeline tests with SageMaker SDK v3 (.venv-sm3)
	$(call sdk-tests,3)

# make test runs these too (tests/notebooks in pytest, the pipeline notebook in test-pipelines-v2)
notebooks: $(STAMP) .venv-sm2/.installed  ## execute every notebook against a local SageMaker
	$(BIN)/python -m pytest -p no:cacheprovider tests/notebooks
	SMGOV_SDK_MAJOR=2 .venv-sm2/bin/python -m pytest -p no:cacheprovider \
		tests/pipelines/test_notebook_pipeline.py

bench: $(STAMP) .venv-sm2/.installed  ## run the benchmarks and write benchmarks/RESULTS.md (about 15 minutes)
	$(BIN)/python -m benchmarks

clean:  ## remove environments and caches
	rm -rf $(VENV) .venv-* .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov .hypothesis
