"""Tests of the Tutor plugin in tutor/: rendered settings, patches and packaging, without containers."""
