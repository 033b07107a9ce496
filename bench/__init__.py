"""Kompeten benchmarks (see bench/README.md)."""
