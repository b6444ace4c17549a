"""Where work is kept: the SQLite or PostgreSQL store behind workspaces and workshops."""
