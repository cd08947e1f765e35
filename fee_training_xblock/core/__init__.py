"""The shared kernel: entitlement ledger, learners, handler helpers and the money domain; knows no capability."""
