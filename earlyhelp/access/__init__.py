"""Who may do and see what: users, roles, relationships, login and second factor."""
