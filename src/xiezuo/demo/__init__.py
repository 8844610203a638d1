"""Demo data: the real pairings and institutions of DOMAIN.md and the sample reports,
plus clearly synthetic people; and a national-size synthetic data set for benchmarks."""
