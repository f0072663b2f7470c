"""Resilience tooling: concurrent writers, a bounded load generator, a fault-injecting proxy and the soak
driver. Everything talks to loopback only and stops by itself."""
