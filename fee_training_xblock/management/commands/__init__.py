"""Management commands: invoices and imports."""
