"""Service functions of the ESG management system: every change goes through them (views and
the API are thin), each one audited (``core.objects.save_for_user``, ``core.workflow``)."""
