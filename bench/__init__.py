"""Benchmark tooling: the national-scale data generator, the page benchmark and the load test."""
