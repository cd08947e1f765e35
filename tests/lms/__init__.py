"""Tests of the LMS integration (lms/) against stand-ins of the LMS interfaces."""
