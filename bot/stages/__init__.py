"""The stages of the inbound pipeline (`bot/pipeline.py` lists them in order)."""
