"""The parts of the national-scale records generator (`xiezuo.demo.national_records`):
volumes, the shared state with its pools of places and people, and one module per area."""
