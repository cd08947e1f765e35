"""Pure rules of pay-per-use sessions: the estimate formula, the host's input, measured usage (no Django)."""
