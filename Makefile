# jrun: see README.md. Targets: build install test test-unit fixtures bench demo clean setup.
SHELL := /bin/bash
MVN ?= mvn -B -Dstyle.color=never
JAR ?= jar
PREFIX ?= /usr/local
FIXTURE := rootfs-fixtures/build/busybox.tar

.PHONY: build install test test-unit fixtures bench demo clean setup

setup:
	scripts/setup

# target/jrun.jar + target/lib/*.jar, jffi's native library pre-extracted (no temp-file extraction at each
# start), then a training run that writes the CDS archive / AOT cache bin/jrun starts with.
# target/lib is emptied first: bin/jrun puts every jar in it on the class path, so a dependency whose
# version changed would otherwise be there twice.
build:
	rm -rf target/lib
	$(MVN) -q package -DskipTests
	@arch=$$(uname -m); rm -rf target/native && mkdir -p target/native/x && \
	  (cd target/native/x && $(JAR) xf ../../lib/jffi-*-native.jar jni/$$arch-Linux/) && \
	  mv target/native/x/jni/$$arch-Linux/* target/native/ && rm -rf target/native/x
	@if [ -x /bin/busybox ] && [ ! -f $(FIXTURE) ]; then $(MAKE) --no-print-directory fixtures; fi
	scripts/train

# Puts a jrun on PATH that runs this checkout's bin/jrun (and so its jar and archive).
install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	printf '#!/bin/sh\nexec %s/bin/jrun "$$@"\n' "$(CURDIR)" > $(DESTDIR)$(PREFIX)/bin/jrun
	chmod 0755 $(DESTDIR)$(PREFIX)/bin/jrun
	@echo "installed $(DESTDIR)$(PREFIX)/bin/jrun -> $(CURDIR)/bin/jrun"

# Unit and root integration tests together, as CI runs them.
test:
	@if [ "$$(id -u)" -ne 0 ]; then \
	  echo "make test needs root (CI runs as root): it runs the integration tests too. Run 'make test-unit' for the unit tests alone." >&2; \
	  exit 1; fi
	scripts/setup
	$(MAKE) fixtures build
	$(MVN) test

test-unit:
	$(MVN) test -Dtest.excludedGroups=root

fixtures: $(FIXTURE)

$(FIXTURE): rootfs-fixtures/make-busybox
	rootfs-fixtures/make-busybox

bench: build
	@set -e; for b in scripts/bench/*; do \
	  if [ -f "$$b" ] && [ -x "$$b" ]; then echo "== $$b"; "$$b"; fi; done

# The main job end to end: the busybox base image, the example app built from its Dockerfile, and the app
# serving its page (in the container, with --network host, until bridge networking and -p land).
demo:
	scripts/setup
	$(MAKE) fixtures build
	bin/jrun load -i $(FIXTURE)
	bin/jrun build -t myapp examples/app
	bin/jrun images
	bin/jrun image tree myapp
	bin/jrun run --rm --network host myapp sh -c 'httpd -p 127.0.0.1:5000 -h /app/www && wget -qO- http://127.0.0.1:5000/ && kill $$(pidof httpd)'
	@echo "TODO (issues 5 and 6): jrun run -d -p 5000:5000 myapp, then wget from the host"

clean:
	$(MVN) -q clean
	rm -rf rootfs-fixtures/build
