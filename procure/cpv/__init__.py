"""The Common Procurement Vocabulary (CPV 2008): codes, loading and search.

Plain Python with no Flask request code, so the CLI, the web and tests share it.
"""
