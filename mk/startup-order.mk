# Hot startup code kept together. The static Swift runtime and our modules are compiled one section per
# function; gold lays the functions a cold start runs (up to its first create, get, health, list and
# update responses) out side by side, so a start from cold storage reads fewer pages of `bootstrap`.
# The list is generated from callgrind by tools/startup_order.py; a name it lists that no longer exists is
# simply ignored, so a stale list costs pages, never correctness.
STARTUP_ORDER := $(CURDIR)/scripts/startup-order.txt
RELEASE_FLAGS += -Xlinker --section-ordering-file=$(STARTUP_ORDER)

# swift build does not relink when only the list changes: drop the binary so it does.
$(STAMPS)/startup-order: $(STARTUP_ORDER)
	@mkdir -p $(STAMPS)
	rm -f $(BOOTSTRAP)
	@touch $@

build: $(STAMPS)/startup-order
