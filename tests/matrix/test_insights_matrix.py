"""Permission matrix rows of the insights endpoints and pages (filled in by issue 5)."""
