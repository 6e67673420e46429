"""Pages of 双联: records (contacts, activities, meetings, coordination), the late
entries awaiting confirmation, the rules dashboard and the statistics.

A page a role may not use answers 403; an object outside the user's scope 404.
Every write is a service call; a service's refusal is shown on the page as a
form error or a message, never a 500.
"""
