"""Tiny standalone apps that the production-server tests serve in real processes."""
