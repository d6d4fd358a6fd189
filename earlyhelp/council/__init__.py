"""The council's own configuration: wards, agencies, teams, timescales, needs and levels."""
