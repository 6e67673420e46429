"""The demo city of 辽源市, generated from a seed: ``plan`` (pure), ``builder`` (writes), ``logins``.

Choices worth knowing:

- The national congress sits on a root region ``000000`` 中华人民共和国 (one congress per
  region, so it cannot share the province's); the province hangs below it. Until
  ``RegionKind`` has a country kind the root is stored with kind PROVINCE.
- Names of the 44 街道/乡镇 are the real ones of 2020; their 9-digit codes follow the
  statistical convention and are illustrative. County and township terms are all 第十八届,
  elected at the end of 2016; the city's 第八届 began in January 2017.
- Ages are computed on 2020-01-01 (``plan.REFERENCE_DATE``) so a seed gives the same
  people whatever the day. 丁照民, 白玉晶 and 张贵 are the source's named deputies; every
  other person, phone and company-head post is invented. No ID numbers are generated.
- Reset: ``manage.py demo_load --flush --yes`` (empties every table) or ``rm -rf var``.
"""
