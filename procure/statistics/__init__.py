"""Statistics for administrators: how many of their tenders carry social and
environmental clauses, by year, contract type, purchase family and buyer category."""
