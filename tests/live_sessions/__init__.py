"""Tests of pay-per-use live sessions (live_sessions/)."""
