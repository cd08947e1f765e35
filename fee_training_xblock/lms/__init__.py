"""Open edX LMS integration: openedx-filters steps (and, later, partitions) that gate paid content."""
