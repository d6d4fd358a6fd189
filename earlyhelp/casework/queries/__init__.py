"""Reads of casework, by area, always filtered to what the user may see."""
