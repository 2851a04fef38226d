"""API tokens: administrators create and revoke them; machine clients read the JSON API
with them (``procure.api.v1``)."""
