"""The access app's management commands."""
