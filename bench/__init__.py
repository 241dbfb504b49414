"""The benchmark suite (``make bench-data``, ``make bench``); see the README's Benchmarks."""
