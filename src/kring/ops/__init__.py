"""Running Kring in production: the health check, JSON logs, backup and restore."""
