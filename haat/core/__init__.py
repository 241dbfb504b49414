"""Generic plumbing that imports no app (see README, Architecture)."""
