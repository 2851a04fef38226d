"""Legal review: the queue, clause and clause-set versions, tenders, decisions and diffs."""

from procure.review.routes import bp

__all__ = ["bp"]
