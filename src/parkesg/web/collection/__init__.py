"""Data collection: the core's Excel template uploaded in the browser, and evidence files."""
