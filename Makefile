# The single entry point: `make demo`, `make test`, `make lint`, `make bench`.
# Every target creates the virtual environment it needs when it is missing, so a fresh
# clone needs nothing but Python 3.10+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv system-deps demo test lint typecheck pytest bench clean infra-lint test-pipelines-v2 test-pipelines-v3 notebooks lambda-zip

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(STAMP)  ## create or refresh .venv

# Operating-system packages the tests need: Pango and HarfBuzz for WeasyPrint (the [pdf]
# extra), a font, poppler-utils (pdftoppm renders a PDF page to an image in the tests) and
# Debian's chromium (the HTML card is laid out in a real headless browser, tests/browser).
# Installed with apt-get when one is missing (Debian/Ubuntu, as root or through sudo).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium

system-deps:  ## install the Debian packages the PDF and browser tests need, when missing
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The demo has its own small environment: the package and its `demo` extra (the in-process
# local SageMaker), not the development toolchain.
DEMO_VENV  := .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.installed

$(DEMO_STAMP): pyproject.toml
	@test -x $(DEMO_VENV)/bin/python || $(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DEMO_VENV)/bin/python -m pip install --quiet -e '.[demo]'
	@touch $@

demo: $(DEMO_STAMP)  ## the whole lifecycle on the embedded local SageMaker (no AWS account)
	$(DEMO_VENV)/bin/smgov demo

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)  ## mypy --strict
	$(BIN)/mypy

pytest: $(STAMP) system-deps  ## unit, functional and server tests with branch coverage
	SMGOV_REQUIRE_CHROMIUM=1 $(BIN)/python -m pytest --cov --cov-report=term tests

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

lambda-zip: $(STAMP)  ## the governance handler's AWS Lambda zip (dist/sm-governance-lambda.zip)
	$(BIN)/python infra/build_lambda.py --out dist/sm-governance-lambda.zip
