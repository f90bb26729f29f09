"""The gateway: one aiohttp application serving the family API, channels and console."""
