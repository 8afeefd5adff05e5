"""The JSON API (django-ninja): ``/api/``, OpenAPI schema at ``/api/openapi.json``, docs at
``/api/docs`` (Swagger UI shipped inside django-ninja, no CDN). Session authentication: the
same login as the pages; every endpoint goes through ``for_user``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from parkesg.web.assessments.api import router as assessments_router
from parkesg.web.audit.api import router as audit_router
from parkesg.web.collection.api import router as collection_router
from parkesg.web.core import policy
from parkesg.web.disclosures.api import router as disclosures_router
from parkesg.web.engagements.api import router as engagements_router
from parkesg.web.esg.api import router as esg_router
from parkesg.web.observations.api import router as observations_router
from parkesg.web.orgs.api import router as orgs_router
from parkesg.web.ratings.api import router as ratings_router

api = NinjaAPI(
    title="parkesg API",
    version="1",
    description="园区与企业 ESG 平台 / park and enterprise ESG platform",
    auth=django_auth,
)
# ninja's own schema and docs: what the API offers, no data (its routes declare theirs)
policy.declare_url(f"{api.urls_namespace}:openapi-json", policy.Policy(policy.PUBLIC))
policy.declare_url(f"{api.urls_namespace}:openapi-view", policy.Policy(policy.PUBLIC))
policy.declare_url(f"{api.urls_namespace}:api-root", policy.Policy(policy.PUBLIC))
api.add_router("/", orgs_router)
api.add_router("/", audit_router)
api.add_router("/", observations_router)
api.add_router("/", collection_router)
api.add_router("/", assessments_router)
api.add_router("/", esg_router)
api.add_router("/", ratings_router)
api.add_router("/", engagements_router)
api.add_router("/", disclosures_router)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "无权操作 / forbidden"}, status=403)
