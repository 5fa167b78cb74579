# liftkit - build, test, demo and benchmark.
#
# One static library (build/libliftkit.a) holds all logic; the command
# layer in src/cli links it into build/liftkit.  Every src/<stage>/*.c is
# library code, every src/cli/*.c command code, every tests/unit/test_*.c a
# cmocka test program: adding a file needs no change here.

PREFIX  ?= /usr/local
CC      ?= gcc
BUILD   ?= build
CFLAGS  ?= -O2 -g
LDFLAGS ?=

LK_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes \
            -Iinclude -Isrc -MMD -MP
LK_LIBS   = -lcsv -linih -lcrypto -lgsl -lgslcblas -lm -lpthread

STAGES   := util io stats assign attribute measure tables report warehouse
LIB_SRC  := $(foreach d,$(STAGES),$(wildcard src/$(d)/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/unit/test_*.c)
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

.PHONY: all check demo bench bench-scale sanitize fuzz install clean deps

all: $(BUILD)/liftkit $(TEST_BIN)

# The Debian packages the goals need, installed when one is missing: build
# (libraries, cmocka, gnuplot) for make, all and demo; check adds what the
# tests run; bench what the benchmarks run.  Checked before every build, with
# one dpkg-query, so a package removed since the last build is noticed.
DEPS_FOR := $(if $(filter check sanitize deps,$(MAKECMDGOALS)),check,$(if \
            $(filter bench,$(MAKECMDGOALS)),bench,build))

deps:
	@sh scripts/install-deps.sh $(DEPS_FOR)

$(BUILD)/obj/%.o: src/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(LK_CFLAGS) -DLK_VERSION='"$(VERSION)"' $(CFLAGS) -c $< -o $@

$(BUILD)/libliftkit.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/liftkit: $(CLI_OBJ) $(BUILD)/libliftkit.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libliftkit.a $(LK_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libliftkit.a | deps
	@mkdir -p $(@D)
	$(CC) $(LK_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libliftkit.a \
	    -lcmocka $(LK_LIBS)

check: all | deps
	@sh tests/run.sh $(BUILD)

demo: $(BUILD)/liftkit | deps
	@sh scripts/demo.sh $(BUILD)/liftkit

bench: $(BUILD)/liftkit
	@sh scripts/bench.sh $(BUILD)

bench-scale: $(BUILD)/liftkit
	@sh scripts/bench-scale.sh $(BUILD)

SANITIZERS := address,undefined,float-cast-overflow

sanitize:
	$(MAKE) BUILD=build/sanitize \
	    CFLAGS="-O1 -g -fsanitize=$(SANITIZERS) -fno-omit-frame-pointer -fno-sanitize-recover=undefined,float-cast-overflow" \
	    LDFLAGS="-fsanitize=$(SANITIZERS)" check

# libFuzzer harnesses, tests/fuzz/fuzz_NAME.c, built with clang against a
# library built with the same sanitizers; each runs FUZZ_TIME seconds from
# its seeds in tests/fuzz/corpus/NAME (new inputs go to build/fuzz/corpus).
# A finding stops the run with the crashing input saved as crash-* here.
FUZZ_TIME  ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_SAN   := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz: | deps
	@command -v clang >/dev/null || { echo "make fuzz: needs clang (apt-get install clang)"; exit 1; }
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	    $(FUZZ_BUILD)/libliftkit.a
	@for h in $(FUZZ_NAMES); do \
	    clang -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
	        -o $(FUZZ_BUILD)/fuzz_$$h tests/fuzz/fuzz_$$h.c $(FUZZ_BUILD)/libliftkit.a $(LK_LIBS) \
	        || exit 1; \
	done
	@for h in $(FUZZ_NAMES); do \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$h; \
	    echo "fuzz $$h: $(FUZZ_TIME) s"; \
	    $(FUZZ_BUILD)/fuzz_$$h -max_total_time=$(FUZZ_TIME) -max_len=65536 -print_final_stats=1 \
	        $(FUZZ_BUILD)/corpus/$$h tests/fuzz/corpus/$$h > $(FUZZ_BUILD)/fuzz_$$h.log 2>&1 || \
	        { tail -n 40 $(FUZZ_BUILD)/fuzz_$$h.log; echo "fuzz $$h: FINDING"; exit 1; }; \
	    grep -h "stat::number_of_executed_units" $(FUZZ_BUILD)/fuzz_$$h.log; \
	    echo "fuzz $$h: no finding"; \
	done

install: $(BUILD)/liftkit
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	    $(DESTDIR)$(PREFIX)/include/liftkit
	install -m 755 $(BUILD)/liftkit $(DESTDIR)$(PREFIX)/bin/liftkit
	install -m 644 $(BUILD)/libliftkit.a $(DESTDIR)$(PREFIX)/lib/libliftkit.a
	install -m 644 include/liftkit/*.h $(DESTDIR)$(PREFIX)/include/liftkit/

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
