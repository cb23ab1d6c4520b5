"""Git over SSH inside ``ingot serve`` (asyncssh): host keys, authentication, the commands."""
