"""Benchmarks of the build: a synthetic package generator and the benchmark runner."""
