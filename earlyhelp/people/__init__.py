"""One record of each person and household across agencies, and finding it again."""
