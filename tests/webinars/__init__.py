"""Tests of paid webinars: password, personal links, invitations."""
