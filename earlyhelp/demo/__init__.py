"""A deterministic synthetic borough for demonstrations, and county-scale data for benchmarks."""
