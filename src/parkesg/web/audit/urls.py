from parkesg.web.audit.views import AUDIT
from parkesg.web.core.views import urls

urlpatterns = [*urls(AUDIT, "audit")]
