"""Browser tests: headless Chromium against the live workbench."""
