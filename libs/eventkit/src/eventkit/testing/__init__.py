"""Helpers for tests of every tier. Nothing here fakes infrastructure for integration tests."""
