"""Tests of subscription billing (subscriptions/)."""
