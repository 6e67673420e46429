"""The suggestion pages, one module per audience.

``deputy`` (my suggestions, writing, the detail page every role shares),
``unit`` (the handling unit's inbox, reply, return, extension), ``review``
(the staff's review and routing of one item, also a panel on the detail page),
``staff`` (the committee staff's inbox, overdue board, extensions, lists and
the leader's key suggestions), ``stats`` (figures and their .xlsx exports) and
``documents`` (the printed 交办函 and 《代表之声》). Every page reads through
``selectors`` and writes through ``services``; permissions come from
``permissions``.
"""
