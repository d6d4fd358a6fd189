"""Management commands for performance returns and extracts."""
