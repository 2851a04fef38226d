"""The clause library in the browser: browse, search, read, and edit for legal staff."""
