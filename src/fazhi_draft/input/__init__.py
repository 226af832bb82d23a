"""The input: its model built from the spec, reading and writing YAML, the JSON Schema."""
