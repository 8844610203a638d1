"""Permission matrix rows of the cooperation endpoints and pages (filled in by issue 5)."""
