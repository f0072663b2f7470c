# `sam local invoke` and `sam local start-api` for real (docs/local-emulators.md, "sam local"): SAM CLI from .venv,
# a private dockerd (no bridge, no iptables: loopback only) the tests start and stop themselves, base images
# imported from a busybox root (nothing is pulled) and the host-network proxy in tools/samlocal. Skipped, with
# the reason, where dockerd cannot start. About 4 minutes.
.PHONY: sam-local-test sam-local-docker

## every events/*.json through real `sam local invoke`, and CRUD through `sam local start-api` (needs dockerd)
sam-local-test: build venv
	$(PYTHON) -m pytest -q -rs Tests/deploy/test_sam_local.py

test: sam-local-test

# For trying `sam local` by hand on a machine like CI's (no usable Docker): starts the same private dockerd,
# base images, proxy, moto and token issuer, prints the `export …` line and the commands, and waits for Ctrl-C.
## dockerd + moto + token issuer for `sam local` by hand; prints what to export (Ctrl-C stops them)
sam-local-docker: build venv
	$(PYTHON) -m tools.samlocal
