"""Supervision (监督): the annual plan, the items of every kind, review opinions
followed to the end, filing review, publication and the year's summary."""
