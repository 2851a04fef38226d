"""The audit log for administrators: every recorded change, filtered, paged and exported."""
