"""Performance management: the dashboard, the strategy action plan, the committee report,
Ofsted's Annex A and the analysts' extracts, all figured from the records."""
