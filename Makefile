# Ariadne — the commands a new user and CI run.
#   make demo   install what is missing, build, fill a demo world, serve http://127.0.0.1:8080
#   make test   install what is missing, build with clang, ASan/UBSan and assertions, run every test suite
#   make test-fast  every suite in the RelWithDebInfo build (quicker, no sanitizers)
#   make bench  build in release mode, run the benchmarks, write bench/results/latest.json
#   make fuzz   build the libFuzzer targets with clang and run each for FUZZ_SECONDS (docs/FUZZING.md)

JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?=

.PHONY: deps build test test-fast test-sanitize demo bench fuzz lint format clean

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(BUILD) -j $(JOBS)

test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

test-sanitize: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DARIADNE_SANITIZE=ON -DCMAKE_CXX_COMPILER=clang++ >/dev/null
	@ninja -C $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 1800

# One build for CI: the sanitized Debug build runs every suite with assertions
# on; a second, optimised build of the same tests doubled CI's time.
test: test-sanitize

demo: build
	@bash scripts/demo.sh $(BUILD)/src/cli/ariadne

bench: deps
	@bash scripts/install-deps.sh --bench
	@cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DARIADNE_BENCH=ON -DARIADNE_TESTS=OFF >/dev/null
	@ninja -C build-release -j $(JOBS)
	@bash bench/run.sh build-release

fuzz: deps
	@bash scripts/install-deps.sh --fuzz
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DARIADNE_FUZZ=ON -DARIADNE_TESTS=OFF >/dev/null
	@ninja -C $(FUZZ_BUILD) -j $(JOBS) fuzz/all
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" bash scripts/fuzz.sh $(FUZZ_BUILD)

lint: build
	@bash scripts/lint.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) build-release build-lint
