"""The `earlyhelp demo` command."""
