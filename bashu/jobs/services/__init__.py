"""Writes of the job zone (就业服务), one module per record: ``postings`` (岗位), ``feed``
(feed imports), ``profiles`` (求职档案), ``applications`` (求职申请), ``fairs`` (招聘会).

Callers import from the module that owns the function; this package re-exports nothing.
"""
