"""Facts derived from a parsed plan: assignments by rule and through groups, targets.

Derived once per plan and reused by every later layer (RDF, tables, analytics,
views), so that each fact has one definition and one computation.
"""
