"""Amplification links: classification, task-post choice and recording (CONV-240..257, API-75..77)."""
