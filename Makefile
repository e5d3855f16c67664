# mdctl — Linux md RAID administration.
# make            build ./mdctl and man pages
# make check      unit tests (cmocka), then again under ASan+UBSan
# make fuzz       build the libFuzzer targets (clang) into build/fuzz/
# make fuzz-seeds remake fuzz_backup's seed corpus
# make install    DESTDIR/PREFIX honoured
# make install-mdadm  mdctl as mdadm: the mdadm link, mdadm's rule and unit names
CC      ?= cc
CFLAGS  ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64
PKGS    := libudev blkid json-c
LIBS    := $(shell pkg-config --libs $(PKGS))
override CFLAGS += $(shell pkg-config --cflags $(PKGS))
PREFIX  ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR  ?= $(PREFIX)/share/man
UNITDIR ?= $(or $(shell pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null),/lib/systemd/system)
UDEVDIR ?= $(or $(shell pkg-config --variable=udevdir udev 2>/dev/null),/lib/udev)
B       ?= build
BIN     ?= mdctl
VERSION := 0.1

# Pure code: no I/O (decoders, parsers, and the renderers: text in output*.c
# and bitmap_render.c, JSON in json_*.c with json-c, which write only to the
# FILE * given), linked into unit tests and fuzzers.
FORMAT_SRCS := persona.c ppl.c policy.c super1.c super0.c super0_create.c super0_view.c sha1.c update.c update0.c dump_regions.c foreign.c badblocks.c bitmap.c bitmap_render.c uuid.c sizes.c levels.c config.c udev_name.c map_line.c \
	reshape_plan.c monitor_events.c output.c output_examine.c output_examine0.c output_detail.c \
	json_common.c json_detail.c json_examine.c json_examine0.c json_bitmap.c json_query.c json_monitor.c
# Everything except main().
LIB_SRCS := $(filter-out mdctl.c,$(wildcard *.c))
FORMAT_SRCS := $(filter $(LIB_SRCS),$(FORMAT_SRCS))

all: $(BIN) man build/mdtest

# The VM tests' data helper (pattern, hash, tag): tests/vm/lib.sh runs it in the VM.
build/mdtest: tests/vm/tools/mdtest.c tests/vm/tools/tagged.c tests/vm/tools/tagged.h
	@mkdir -p build
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $(filter %.c,$^)

$(B)/%.o: %.c $(wildcard *.h) | $(B)
	$(CC) $(CFLAGS) -DMDCTL_VERSION='"$(VERSION)"' -DMDCTL_SBINDIR='"$(SBINDIR)"' -c -o $@ $<
$(B):
	mkdir -p $(B)

# Unit tests link the archive, so they pull in only the objects they use.
$(B)/libmdctl.a: $(patsubst %.c,$(B)/%.o,$(LIB_SRCS))
	rm -f $@ && ar rcs $@ $^

$(BIN): $(B)/mdctl.o $(B)/libmdctl.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# ---- man pages (asciidoctor) ----
MAN_ADOC := $(wildcard man/*.adoc)
MAN_OUT  := $(patsubst man/%.adoc,$(B)/man/%,$(MAN_ADOC))
man: $(MAN_OUT)
$(B)/man/%: man/%.adoc
	@mkdir -p $(B)/man
	asciidoctor -b manpage -a mdctl-version=$(VERSION) -o $@ $<

# ---- unit tests ----
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/unit/%,$(UNIT_SRCS))
$(B)/unit/%: tests/unit/%.c $(B)/libmdctl.a $(wildcard tests/unit/*.h)
	@mkdir -p $(B)/unit
	$(CC) $(CFLAGS) $(LDFLAGS) -I. -o $@ $(filter-out %.h,$^) -lcmocka $(LIBS)
# The JSON documents the unit tests render are checked against the schema too.
unit: $(UNIT_BINS)
	@rm -rf $(B)/json && mkdir -p $(B)/json
	@set -e; for t in $(UNIT_BINS); do (cd tests/unit && MDCTL_JSON_OUT=../../$(B)/json ../../$$t); done
	/usr/bin/python3 tests/json_validate.py $(B)/json/*.json

SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The same unit tests under ASan+UBSan, and ./mdctl-san for the VM suite.
check: unit
	$(MAKE) B=build-san BIN=mdctl-san CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" unit mdctl-san

# ---- fuzzers (clang libFuzzer) ----
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))
FUZZ_WARN := -std=gnu11 -g -O1 -Wall -Wextra -Werror -D_GNU_SOURCE -I. -fno-sanitize-recover=all \
	$(shell pkg-config --cflags json-c)
FUZZ_LIBS := $(shell pkg-config --libs json-c)
# The format layer is compiled once (instrumented, without libFuzzer's main)
# and linked into every target: ten targets each compiling it cost minutes.
FUZZ_OBJS := $(patsubst %.c,build/fuzz/obj/%.o,$(FORMAT_SRCS))
.SECONDARY: $(FUZZ_OBJS)
build/fuzz/obj/%.o: %.c $(wildcard *.h)
	@mkdir -p build/fuzz/obj
	clang $(FUZZ_WARN) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<
build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJS)
	clang $(FUZZ_WARN) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_OBJS) $(FUZZ_LIBS)
fuzz: $(FUZZ_BINS)
# fuzz_backup's seeds, made by the real encoder (tests/fuzz/gen_backup_corpus.c).
fuzz-seeds: $(B)/gen_backup_corpus
	mkdir -p tests/fuzz/corpus/fuzz_backup && $< tests/fuzz/corpus/fuzz_backup
$(B)/gen_backup_corpus: tests/fuzz/gen_backup_corpus.c reshape_plan.c $(wildcard *.h) | $(B)
	$(CC) $(CFLAGS) -I. -o $@ tests/fuzz/gen_backup_corpus.c reshape_plan.c

# make install: mdctl with its own rules and units (udev-rules/*).
# make install-mdadm: mdctl as a drop-in for mdadm instead: the link
# $(SBINDIR)/mdadm -> mdctl, and the rules, units and mdcheck under mdadm's
# names (udev-rules/mdadm/*), which dracut, initramfs-tools, udisks2 and
# systemd look for. mdctl's own rules and monitor stand back where mdadm's
# (64-md-raid-assembly.rules, mdmonitor.service) are installed, so only one
# set acts. debian/ packages them as mdctl and mdctl-mdadm.
install-bin: all
	install -D -m 755 mdctl $(DESTDIR)$(SBINDIR)/mdctl
	for m in $(MAN_OUT); do s=$${m##*.}; install -D -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done

install: install-bin
	# rules and units name the binary where it was installed
	for r in udev-rules/*.rules; do install -d $(DESTDIR)$(UDEVDIR)/rules.d && \
		sed 's|/sbin/mdctl|$(SBINDIR)/mdctl|g' $$r > $(DESTDIR)$(UDEVDIR)/rules.d/$${r##*/}; done
	for u in udev-rules/*.service udev-rules/*.timer; do install -d $(DESTDIR)$(UNITDIR) && \
		sed 's|/sbin/mdctl|$(SBINDIR)/mdctl|g' $$u > $(DESTDIR)$(UNITDIR)/$${u##*/}; done

MDCHECK_DIR ?= $(PREFIX)/share/mdadm
install-mdadm: install-bin
	ln -sfn mdctl $(DESTDIR)$(SBINDIR)/mdadm
	for r in udev-rules/mdadm/*.rules; do install -d $(DESTDIR)$(UDEVDIR)/rules.d && \
		sed 's|/sbin/mdadm|$(SBINDIR)/mdadm|g' $$r > $(DESTDIR)$(UDEVDIR)/rules.d/$${r##*/}; done
	for u in udev-rules/mdadm/*.service udev-rules/mdadm/*.timer; do install -d $(DESTDIR)$(UNITDIR) && \
		sed 's|/sbin/mdadm|$(SBINDIR)/mdadm|g; s|/usr/share/mdadm/mdcheck|$(MDCHECK_DIR)/mdcheck|g' \
		$$u > $(DESTDIR)$(UNITDIR)/$${u##*/}; done
	install -d $(DESTDIR)$(MDCHECK_DIR)
	sed 's|/sbin/mdadm|$(SBINDIR)/mdadm|g' udev-rules/mdadm/mdcheck > $(DESTDIR)$(MDCHECK_DIR)/mdcheck
	chmod 755 $(DESTDIR)$(MDCHECK_DIR)/mdcheck

clean:
	rm -rf build build-san mdctl mdctl-san

.PHONY: all man unit check fuzz fuzz-seeds install install-bin install-mdadm clean
