"""Small JSON endpoints that make the pages nicer with JavaScript; every page works without."""
