# synack — build, test, demo, bench.
#   make            build/libsynack.a, build/libsynack.so, build/synack
#   make test       install test dependencies if missing, build under
#                   ASan+UBSan, run every test: the example, the CLI under
#                   the sanitizers (scenario goldens, tshark, SVG, JSON,
#                   usage errors), interop with the kernel over TUN (needs
#                   root; skipped without it unless CI=true), then the unit
#                   tests (cmocka summary at the end)
#   make demo       the main job: a conversation over the simulated network
#   make bench      benchmark figures (not part of make test); the TUN
#                   figures need root

CC      ?= cc
BUILD   ?= build
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wcast-align -Wvla -Wformat=2 -Wundef
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
INC     := -Iinclude -Isrc
OPT     ?= -O2 -g
CFLAGS_LIB  := $(CSTD) $(WARN) $(INC) $(OPT) -fPIC -fvisibility=hidden -DSYNACK_BUILD
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS_TEST := $(CSTD) $(WARN) $(INC) -O1 -g $(SAN)

LIB_SRC := $(sort $(filter-out src/shim/%,$(wildcard src/*/*.c)))
SHIM_SRC := src/shim/packetdrill.c
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
SAN_OBJ := $(LIB_SRC:%.c=$(BUILD)/san/%.o)
TOOL_SRC := $(sort $(wildcard tools/*.c))
TEST_SRC := $(sort $(wildcard tests/*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/san/%.o)
BENCH_SRC := $(sort $(wildcard bench/*.c))

.PHONY: all test demo bench clean deps conformance
all: $(BUILD)/libsynack.a $(BUILD)/libsynack.so $(BUILD)/synack $(BUILD)/examples/hello \
     $(BUILD)/libsynack_packetdrill.so

$(BUILD)/obj/%.o: %.c $(wildcard include/*.h) $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_LIB) -c $< -o $@

$(BUILD)/san/%.o: %.c $(wildcard include/*.h) $(wildcard src/*/*.h) $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_TEST) -Itests -c $< -o $@

$(BUILD)/libsynack.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libsynack.so: $(LIB_OBJ)
	$(CC) -shared -o $@ $^

# packetdrill's shared-object interface (see docs/CONFORMANCE.md)
$(BUILD)/libsynack_packetdrill.so: $(BUILD)/obj/$(SHIM_SRC:.c=.o) $(LIB_OBJ)
	$(CC) -shared -o $@ $^ -lpthread

$(BUILD)/synack: $(TOOL_SRC) $(BUILD)/libsynack.a $(wildcard tools/*.h)
	$(CC) $(CSTD) $(WARN) $(INC) $(OPT) -o $@ $(TOOL_SRC) $(BUILD)/libsynack.a

# The CLI under ASan+UBSan, for its tests (tests/cli/run.sh)
$(BUILD)/san/synack: $(TOOL_SRC) $(SAN_OBJ) $(wildcard tools/*.h)
	$(CC) $(CFLAGS_TEST) -o $@ $(TOOL_SRC) $(SAN_OBJ)

$(BUILD)/examples/%: examples/%.c $(BUILD)/libsynack.a
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -Iinclude $(OPT) -o $@ $< $(BUILD)/libsynack.a

$(BUILD)/tests: $(TEST_OBJ) $(SAN_OBJ) $(BUILD)/san/$(SHIM_SRC:.c=.o)
	$(CC) $(SAN) -o $@ $^ -lcmocka -lpthread

deps:
	@scripts/ensure-deps.sh

# The benchmark is built (so it cannot rot) but not run: tests assert
# behaviour, not speed.
test: deps $(BUILD)/tests $(BUILD)/san/synack all $(BUILD)/bench
	$(BUILD)/examples/hello
	ASAN_OPTIONS=detect_leaks=1 tests/cli/run.sh $(BUILD)/san/synack
	tests/interop/run.sh $(BUILD)/synack
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(BUILD)/tests

demo: $(BUILD)/synack
	$(BUILD)/synack demo

$(BUILD)/bench: $(BENCH_SRC) $(BUILD)/libsynack.a
	$(CC) $(CSTD) $(WARN) $(INC) -O2 -g -o $@ $(BENCH_SRC) $(BUILD)/libsynack.a

bench: $(BUILD)/bench $(BUILD)/synack
	$(BUILD)/bench
	bench/tun.sh $(BUILD)/synack

# The packetdrill suites of ../shared/conformance against the shim.  Needs
# root (every script runs in its own network namespace) and a packetdrill
# built from upstream source outside this repository.
CONFORMANCE_DIR ?= ../shared/conformance
conformance: $(BUILD)/libsynack_packetdrill.so
	@scripts/conformance.sh "$(PACKETDRILL)" $(abspath $(BUILD)/libsynack_packetdrill.so) \
		"$(CONFORMANCE_DIR)" $(SCRIPTS)

clean:
	rm -rf $(BUILD)
