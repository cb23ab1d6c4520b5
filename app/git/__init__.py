"""Git plumbing over pygit2 and the git programs. Synchronous; takes paths, never models."""
