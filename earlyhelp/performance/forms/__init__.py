"""Performance forms: one module per area."""
