"""Pay-per-use live sessions: the host sees the Estimated Session Cost and pays before the session opens.

A block in access mode `live_session` shows course staff (the host) the session form
and the estimate; the host pays by card through the payment core (product
"live_session"); learners see the session only after that payment. Reimbursement
reports list host payments per organization, division and month.
"""
