"""Paid webinars: a room password, personal links only one person can use, and invitations by email."""
