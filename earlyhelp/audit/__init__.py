"""The append-only, hash-chained log of every view, search, export and change."""
