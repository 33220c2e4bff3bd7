"""services: use cases chaining the stages; the only callers of store."""
