"""Batch rating at scale (`parkesg rate`): where the input comes from, where the ratings go,
how far the backend has got, and what the run found — around ``service.rate``'s one plan."""
