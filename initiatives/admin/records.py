"""Admin for the governance records."""
