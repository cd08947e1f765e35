"""Management commands of live sessions (discovered through management/commands)."""
