"""Test helpers for the ingest stage: offset-map checks and hostile file builders."""
