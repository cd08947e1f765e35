"""Browser tests: Chromium (pytest-playwright) against the live workbench server."""
