"""Clause exchange pages: export an organisation's clauses, import another's as drafts."""
