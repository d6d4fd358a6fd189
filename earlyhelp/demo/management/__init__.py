"""Management commands for the demo borough."""
