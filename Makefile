# Thin wrapper: the two commands of README.md. Everything real lives in CMake.
DEBIAN_PACKAGES := cmake g++ make pkg-config libpistache-dev nlohmann-json3-dev \
  libcurl4-openssl-dev libsqlitecpp-dev libsqlite3-dev libhpdf-dev libgtest-dev \
  fonts-dejavu-core libgumbo-dev libre2-dev libsodium-dev libcli11-dev libspdlog-dev \
  libfmt-dev libxml2-dev libyaml-cpp-dev libxml2-utils jq curl python3 python3-yaml python3-prometheus-client openssl poppler-utils sqlite3 \
  clang libclang-rt-14-dev chromium
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: deps tools build run test test-release test-sanitize clean

## deps: install the Debian packages that are missing (non-interactive; sudo when not root)
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing </dev/null; \
	fi

## tools: test-only tools that are not Debian packages, into .tools/ (npm): Microsoft's SARIF
## multitool, which the SARIF report test validates with
SARIF_MULTITOOL := .tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
tools: deps
	@if [ ! -x $(SARIF_MULTITOOL) ]; then \
	  echo "Installing @microsoft/sarif-multitool into .tools/ (npm)"; \
	  mkdir -p .tools && npm install --prefix .tools --no-save --no-audit --no-fund \
	    @microsoft/sarif-multitool </dev/null >/dev/null && \
	  chmod u+x $(SARIF_MULTITOOL); \
	fi

## build: Release build into $(BUILD_DIR)/
build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j$(JOBS)

## run: build, then start the server with its defaults (127.0.0.1:8080, ./data/crashtest.db)
run: build
	./$(BUILD_DIR)/crashtest-compat serve

## test: what CI runs (.ci/run): the Release suite, then the sanitizer suite with every fuzz
## harness for FUZZ_SECONDS
test: test-release test-sanitize

## test-release: build (and the test tools), then run every test (unit, API, end-to-end) with ctest; the quick loop
test-release: build tools
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 600 -j$(JOBS)

## test-sanitize: the whole suite again, built by clang with AddressSanitizer and
## UndefinedBehaviorSanitizer, plus every libFuzzer harness for FUZZ_SECONDS on its seed corpus
FUZZ_SECONDS ?= 10
test-sanitize: deps tools
	CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCTC_FUZZ=ON -DCTC_FUZZ_SECONDS=$(FUZZ_SECONDS)
	cmake --build build-sanitize -j$(JOBS)
	cd build-sanitize && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure --timeout 900 -j$(JOBS)

clean:
	rm -rf $(BUILD_DIR) build-sanitize
