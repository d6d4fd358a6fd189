"""What every part of the service shares: the base page, errors, and the command line."""
