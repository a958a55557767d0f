"""Measures over records, the same for a journal's real nights and a simulated cohort's."""
