"""Baton: Darlington children's services assistant.

Gateway, console, case queue, knowledge and safety; see README.md for the map.
"""
