"""The plan as RDF: IRIs, triples, exports and validation (pyoxigraph terms)."""
