"""Booking drop-ins and parenting programmes: timetable, places, waiting list, reminders.

``models`` holds the tables, ``timetable`` turns the (sample) timetable file into
concrete sessions, ``operations`` books, cancels and promotes with capacity enforced
by the database, ``dates`` reads the dates families type, and ``notices`` is the
gateway's job that delivers reminders and waiting-list offers on the family's channel.
"""
