"""Writes of supervision work, one module per area: ``plan`` (topic call, plan
versions), ``items`` (items of every kind, people, visits, documents, the
work-report clock), ``kinds`` (kind-specific steps), ``followup`` (review
opinions, rectification points, handling reports), ``satisfaction``
(satisfaction tests),
``filing`` (filing review), ``publication`` (what /open/ shows). Callers import
the functions from the area modules."""
