"""The JSON Schemas of claims.yaml and of a source file, as package data."""
