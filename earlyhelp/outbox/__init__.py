"""Messages to send once the change that caused them is committed, retried until they go."""
