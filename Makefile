# Thin wrapper over CMake: `make demo`, `make test`, `make bench`.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build demo test bench clean test-sanitize fuzz train
all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# Converts every input in samples/ to out/ in all three formats.
demo: build
	scripts/demo $(BUILD)/scrapedoc samples out

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	cmake --build $(BUILD) --target scrapedoc_floor -j $(JOBS)
	bench/run $(BUILD)/scrapedoc

# Fits the learned models on ../shared's corpus (scripts/train/, docs/learned.md),
# writes them to converters/data/models/ and builds again with them.
# TRAIN_FLAGS=--folds 5 also scores held-out sites.
TRAIN_FLAGS ?=
train: build
	@scripts/install-deps python3-xgboost python3-sklearn python3-numpy
	cmake --build $(BUILD) --target scrapedoc_features -j $(JOBS)
	/usr/bin/python3 scripts/train/train --build $(BUILD) $(TRAIN_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc's), in a build of its own (docs/hardening.md).
SANITIZE_BUILD ?= build-sanitize
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
               UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -DSCRAPEDOC_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && $(SANITIZE_ENV) ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (clang), FUZZ_SECONDS each, one after the other; the
# figures go to $(FUZZ_BUILD)/fuzz-report.txt (docs/hardening.md). Optimised,
# unlike the test-sanitize build: fuzzing wants executions per second.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/install-deps clang libclang-rt-14-dev
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	      -DSCRAPEDOC_SANITIZE=ON -DSCRAPEDOC_SANITIZE_FLAGS="-O2 -g" -DSCRAPEDOC_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets
	tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD) out
