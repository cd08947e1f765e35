"""Subscription billing: profiles, subscriptions, course assignments, invoices and imports."""
