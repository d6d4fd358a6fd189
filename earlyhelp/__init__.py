"""earlyhelp: one front door, one record and the casework of a council's Early Help service."""
