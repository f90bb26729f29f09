"""The case queue: conversations and their transcripts, requests, claims, audit.

Every function takes an open SQLAlchemy session and leaves committing to the caller,
so one unit of work (an HTTP request, a custom action) commits or rolls back whole.
"""
