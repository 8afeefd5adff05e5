"""Organisations and people: park committees, service providers, enterprises, banks and
governments; users with a role in their organisation; access grants between organisations."""
