"""The performance app's management commands."""
