"""The single front door: requests for support, finding the family, and the duty decision."""
