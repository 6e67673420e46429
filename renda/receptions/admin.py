"""No admin pages: reception days and requests change only through the services.

Every step of them has rules, an audit row and notices; the admin's generic
edit forms would bypass all three.
"""
