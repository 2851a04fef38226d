"""A tender, below the pages that use it: how it is read back as plain data
(``snapshots``), who may open it (``access``), how its status moves (``lifecycle``),
and which clauses it needs (``recommend``).

Plain Python with no Flask: the wizard, the legal review, the documents and the CLI
all call these modules, and none of them imports another feature's pages.
"""
