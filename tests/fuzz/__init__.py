"""Mutated inputs (strategies.py) for the property tests and `make fuzz` (run.py)."""
