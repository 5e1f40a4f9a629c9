"""Benchmarks of the panel against a local stack; see benchmarks/scale.py."""
