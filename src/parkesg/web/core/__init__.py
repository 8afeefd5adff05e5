"""Shared platform pieces: roles, the tenant base model, the one access policy, generic views."""
