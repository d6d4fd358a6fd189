"""See the modules beside this one, one for each area."""
