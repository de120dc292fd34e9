"""Facts: numbers, dates, claims and references extracted from the pack structure."""
