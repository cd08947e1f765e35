"""The demo: the XBlock SDK workbench with the plugin's Django app and a staff-aware user service."""
