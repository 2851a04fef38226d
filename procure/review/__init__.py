"""Legal review: the queue, clause and clause-set versions, tenders, decisions and diffs."""
