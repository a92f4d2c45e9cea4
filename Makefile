# The two commands: `make run` and `make test`. Both install what is missing, configure with the
# CMake presets and build with -j2.
PRESET ?= dev
BUILD := build/$(PRESET)
DATA_DIR ?= var/demo
LISTEN ?= 127.0.0.1:8080

.PHONY: run test setup build demo clean bench

setup:
	@bash scripts/setup.sh

build: setup
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

# Builds, imports a generated demo organisation (once) and starts the standalone host.
run: build
	@if [ ! -f $(DATA_DIR)/tandem.db ]; then \
	  $(BUILD)/tandem demo --data-dir $(DATA_DIR) --employees 600; \
	fi
	exec $(BUILD)/tandem serve --demo --data-dir $(DATA_DIR) --listen $(LISTEN)

test: build
	ctest --preset $(PRESET)

clean:
	rm -rf build
