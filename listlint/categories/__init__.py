"""Categories as sellers write them: the category table (``table``: product families as a
hierarchy of nodes with the names platforms and sellers use), the resolver from a written
category to a node (``resolve``), and title words → nodes (``words``).  Every pack refers to
these families (``scope.families``, ``when.families``); none keeps a category list of its own."""
