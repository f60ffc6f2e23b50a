"""Fictional demo data: a generator that fills a database through the same rules as the app."""
