"""What a tender declares to publication platforms, as plain data: the eForms
strategic-procurement fields and an OCDS release. Pure functions from a
``TenderSnapshot`` to dicts and bytes, with no Flask and no database, so the
documents, the download pages, the CLI and the JSON API all say the same thing."""
