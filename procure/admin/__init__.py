"""Administration of one's own organisation: users, settings, Word templates."""
