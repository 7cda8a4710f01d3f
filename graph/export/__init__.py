"""Exports: the dataset's files, portal tables, networks and pages written to disk.

Everything that leaves the process as a file goes through :mod:`graph.export.files`,
which writes atomically (a kill leaves the old file or the new one, never a mix).
"""
