"""Open edX LMS integration: paid content stays closed on every path, using the platform's access control.

- rules.py        which blocks a gating block closes (gate_scope, nesting), partition ids; plain data
- course_tree.py  the course tree and its gates, read from the modulestore through compat, request-cached
- entitlement.py  what a learner has paid for: the ledger, once per request
- partitions.py   the user partition scheme and dynamic partition generator (entry points in setup.py)
- access.py       who may see closed content outside the LMS's own checks: staff, PAID in every gate
- overrides.py    the modulestore field override that puts the gates' partitions in group_access
- middleware.py   closes no-auth and anonymous XBlock handler calls, which skip the LMS access check
- filters.py      the RenderXBlockStarted paywall step and the log filter for its intended stop
- paywall.py      the paywall HTML
- search.py       the courseware search result processor (per-user structures, closed results dropped)

See docs/lms-gating.md for what each path is closed by, and settings/lms.py for the wiring.
"""
