"""Implementation of tools/stack: a local OpenStack on SQLite and loopback."""
