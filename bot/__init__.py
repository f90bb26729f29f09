"""Baton: Darlington children's services assistant (gateway, console, case queue, knowledge, safety)."""
