"""The only code that changes casework, by area: one function per intention, each in one
transaction that checks permission, checks the move, saves and writes the audit event."""
