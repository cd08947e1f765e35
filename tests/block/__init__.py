"""Tests of the XBlock glue (block/)."""
