"""Who carries the load and where duties overlap: analytics over the RDF store.

Every analytic reads the graph through named queries (never a second parse) and
returns a pandas DataFrame; networks are networkx graphs built from the same
tables. Start from :func:`graph.analytics.frames.load_tables`.
"""
