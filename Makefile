# synack — build, test, demo, bench, install.
#   make            the engine (build/libsynack.{a,so}), the host library
#                   (build/libsynack-host.{a,so}), the CLI build/synack, the
#                   example and the packetdrill adapter
#   make test       install test dependencies if missing, build under
#                   ASan+UBSan, run every test: the layer check, the
#                   example, the CLI under the sanitizers (scenario goldens,
#                   tshark, SVG, JSON, usage errors), interop with the
#                   kernel over TUN (needs root; skipped without it unless
#                   CI=true), install + pkg-config, then the unit tests
#                   (cmocka summary at the end)
#   make demo       the main job: a conversation over the simulated network
#   make bench      benchmark figures (not part of make test); the TUN
#                   figures need root
#   make fuzz       the fuzz targets (fuzz/*.c, libFuzzer with clang, ASan and
#                   UBSan), FUZZ_SECONDS each (default 600); make test runs
#                   each for 20 s
#   make install    PREFIX=/usr/local DESTDIR= : headers, libraries with
#                   their soname links, synack.pc and synack-engine.pc, the
#                   CLI and the man pages
#
# Layers (docs/ENGINE.md): src/ is the engine, with no OS header, clock or
# socket (scripts/check-layers.sh keeps it so); host/ is everything that
# touches the OS or the clock (simulated network, TUN, pcap, randomness);
# adapters/packetdrill/ puts the engine behind packetdrill; tools/ is the CLI.

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

# The version lives in include/synack.h only.
version_part = $(shell sed -n 's/^\#define SYNACK_VERSION_$(1) \([0-9]*\)$$/\1/p' include/synack.h)
MAJOR   := $(call version_part,MAJOR)
VERSION := $(MAJOR).$(call version_part,MINOR).$(call version_part,PATCH)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wcast-align -Wvla -Wformat=2 -Wundef
# Warnings are errors in development and CI builds (make test, CI=true or
# WERROR=1), not in a user's build with a compiler newer than ours.
ifneq ($(filter test check-layers fuzz,$(MAKECMDGOALS)),)
WERROR ?= 1
endif
ifeq ($(CI),true)
WERROR ?= 1
endif
ifeq ($(WERROR),1)
WARN    += -Werror
endif
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
DEPS    := -MMD -MP
OPT     ?= -O2 -g
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Each layer sees the public headers and its own; only the tests look
# inside the engine.
INC_ENGINE  := -Iinclude -Isrc
INC_HOST    := -Iinclude -Ihost
INC_ADAPTER := -Iinclude -Iadapters/packetdrill
INC_TOOLS   := -Iinclude -Itools
INC_TESTS   := -Iinclude -Isrc -Ihost -Iadapters -Itests

ENGINE_SRC  := $(sort $(wildcard src/*/*.c))
HOST_SRC    := $(sort $(wildcard host/*.c))
ADAPTER_SRC := adapters/packetdrill/packetdrill.c
TOOL_SRC    := $(sort $(wildcard tools/*.c))
TEST_SRC    := $(sort $(wildcard tests/*.c))
BENCH_SRC   := $(sort $(wildcard bench/*.c))

obj = $(1:%.c=$(BUILD)/obj/%.o)
san = $(1:%.c=$(BUILD)/san/%.o)
ENGINE_OBJ := $(call obj,$(ENGINE_SRC))
HOST_OBJ   := $(call obj,$(HOST_SRC))
TOOL_OBJ   := $(call obj,$(TOOL_SRC))
SAN_LIB_OBJ := $(call san,$(ENGINE_SRC) $(HOST_SRC))

LIB_A      := $(BUILD)/libsynack.a $(BUILD)/libsynack-host.a
SONAME     := libsynack.so.$(MAJOR)
HOST_SONAME := libsynack-host.so.$(MAJOR)

.PHONY: all test demo bench clean deps conformance install uninstall check-layers fuzz
all: $(LIB_A) $(BUILD)/libsynack.so $(BUILD)/libsynack-host.so $(BUILD)/synack \
     $(BUILD)/examples/hello $(BUILD)/libsynack_packetdrill.so

# ------------------------------------------------------------- objects
$(BUILD)/obj/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(DEPS) $(INC_ENGINE) $(OPT) -fPIC -fvisibility=hidden -c $< -o $@
$(BUILD)/obj/host/%.o: host/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(DEPS) $(INC_HOST) $(OPT) -fPIC -fvisibility=hidden -c $< -o $@
$(BUILD)/obj/adapters/%.o: adapters/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(DEPS) $(INC_ADAPTER) $(OPT) -fPIC -fvisibility=hidden -c $< -o $@
$(BUILD)/obj/tools/%.o: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(DEPS) $(INC_TOOLS) $(OPT) -c $< -o $@
# Under ASan+UBSan, for the tests; one include path for all of them.
$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(DEPS) $(INC_TESTS) -O1 -g $(SAN) -c $< -o $@

# ----------------------------------------------------------- libraries
$(BUILD)/libsynack.a: $(ENGINE_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(BUILD)/libsynack-host.a: $(HOST_OBJ)
	@rm -f $@
	ar rcs $@ $^

# Shared libraries with a soname and the usual links:
# libsynack.so -> libsynack.so.MAJOR -> libsynack.so.VERSION
$(BUILD)/libsynack.so.$(VERSION): $(ENGINE_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -o $@ $^
$(BUILD)/libsynack-host.so.$(VERSION): $(HOST_OBJ) $(BUILD)/libsynack.so
	$(CC) -shared -Wl,-soname,$(HOST_SONAME) -o $@ $(HOST_OBJ) -L$(BUILD) -lsynack
$(BUILD)/%.so: $(BUILD)/%.so.$(VERSION)
	ln -sf $(notdir $<) $(BUILD)/$*.so.$(MAJOR)
	ln -sf $(notdir $*).so.$(MAJOR) $@

# packetdrill's shared-object interface (docs/CONFORMANCE.md): the engine
# linked in whole, so packetdrill loads one file.
$(BUILD)/libsynack_packetdrill.so: $(call obj,$(ADAPTER_SRC)) $(ENGINE_OBJ)
	$(CC) -shared -o $@ $^ -lpthread

# ---------------------------------------------------- programs and tests
$(BUILD)/synack: $(TOOL_OBJ) $(LIB_A)
	$(CC) -o $@ $(TOOL_OBJ) $(BUILD)/libsynack-host.a $(BUILD)/libsynack.a
# The CLI under ASan+UBSan, for its tests (tests/cli/run.sh)
$(BUILD)/san/synack: $(call san,$(TOOL_SRC)) $(SAN_LIB_OBJ)
	$(CC) $(SAN) -o $@ $^

$(BUILD)/examples/%: examples/%.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -Iinclude $(OPT) -o $@ $< $(BUILD)/libsynack-host.a $(BUILD)/libsynack.a

$(BUILD)/tests: $(call san,$(TEST_SRC)) $(SAN_LIB_OBJ) $(call san,$(ADAPTER_SRC))
	$(CC) $(SAN) -o $@ $^ -lcmocka -lpthread

$(BUILD)/bench: $(BENCH_SRC) $(LIB_A)
	$(CC) $(CSTD) $(WARN) -Iinclude -O2 -g -o $@ $(BENCH_SRC) $(BUILD)/libsynack-host.a \
		$(BUILD)/libsynack.a

# ------------------------------------------------------------- fuzzing
# Each target is built whole with clang and libFuzzer, the engine and
# the host library compiled in with the sanitizers.
CLANG   ?= clang
FUZZ_SRC := $(sort $(wildcard fuzz/*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 600
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	      -fno-omit-frame-pointer

$(BUILD)/fuzz/%: fuzz/%.c $(ENGINE_SRC) $(HOST_SRC) $(wildcard include/*.h src/*/*.h host/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(WARN) -Iinclude -Isrc -Ihost $(FUZZ_FLAGS) -o $@ $< $(ENGINE_SRC) \
		$(HOST_SRC)

fuzz: deps $(FUZZ_BIN)
	scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

# ------------------------------------------------------------ pkg-config
# synack: engine and host library (what examples/hello.c needs);
# synack-engine: the engine alone, for embedding it with your own I/O.
# Written at install time, for the PREFIX and LIBDIR given then.
PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|'

# --------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 644 include/*.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(BUILD)/libsynack.so.$(VERSION) $(BUILD)/libsynack-host.so.$(VERSION) \
		$(DESTDIR)$(LIBDIR)/
	ln -sf libsynack.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libsynack.so
	ln -sf libsynack-host.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(HOST_SONAME)
	ln -sf $(HOST_SONAME) $(DESTDIR)$(LIBDIR)/libsynack-host.so
	$(PC_SED) packaging/synack.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/synack.pc
	$(PC_SED) packaging/synack-engine.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/synack-engine.pc
	install -m 755 $(BUILD)/synack $(DESTDIR)$(BINDIR)/
	install -m 644 man/synack.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/synack.3 $(DESTDIR)$(MANDIR)/man3/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(notdir $(wildcard include/*.h)))
	rm -f $(DESTDIR)$(LIBDIR)/libsynack.* $(DESTDIR)$(LIBDIR)/libsynack-host.*
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/synack.pc $(DESTDIR)$(PKGCONFIGDIR)/synack-engine.pc
	rm -f $(DESTDIR)$(BINDIR)/synack $(DESTDIR)$(MANDIR)/man1/synack.1 \
		$(DESTDIR)$(MANDIR)/man3/synack.3

# ------------------------------------------------------------ the checks
deps:
	@scripts/ensure-deps.sh

check-layers:
	@scripts/check-layers.sh

# Everything is built after deps (apt may be installing cmocka); the
# benchmark is built (so it cannot rot) but not run: tests assert
# behaviour, not speed.
test: deps check-layers
	$(MAKE) WERROR=$(WERROR) $(BUILD)/tests $(BUILD)/san/synack all $(BUILD)/bench $(FUZZ_BIN)
	$(BUILD)/examples/hello
	ASAN_OPTIONS=detect_leaks=1 tests/cli/run.sh $(BUILD)/san/synack
	tests/interop/run.sh $(BUILD)/synack
	tests/readme/run.sh $(BUILD)/synack
	tests/install/run.sh
	scripts/fuzz.sh 20 $(FUZZ_BIN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(BUILD)/tests

demo: $(BUILD)/synack
	$(BUILD)/synack demo

bench: $(BUILD)/bench $(BUILD)/synack
	$(BUILD)/bench
	bench/tun.sh $(BUILD)/synack

# The packetdrill suites (Linux's and FreeBSD's, with their MANIFEST-so.tsv
# and run.sh) against the adapter.  Needs root (every script runs in its
# own network namespace) and a packetdrill built from upstream source
# outside this repository; CONFORMANCE_DIR is where the suites are.
CONFORMANCE_DIR ?= ../shared/conformance
conformance: $(BUILD)/libsynack_packetdrill.so
	@scripts/conformance.sh "$(PACKETDRILL)" $(abspath $(BUILD)/libsynack_packetdrill.so) \
		"$(CONFORMANCE_DIR)" $(SCRIPTS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
