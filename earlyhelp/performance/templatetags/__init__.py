"""Template tags for showing performance figures."""
