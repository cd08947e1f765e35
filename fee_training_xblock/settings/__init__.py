"""Plugin settings hooks called by the Open edX plugin framework."""
