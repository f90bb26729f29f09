"""Rasa custom actions. Thin: each journey's module calls into ``bot`` (knowledge, case queue)."""
