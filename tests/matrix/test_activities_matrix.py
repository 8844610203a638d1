"""Permission matrix rows of the activities endpoints and pages (filled in by issue 5)."""
