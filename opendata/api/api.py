"""The read-only JSON API (/api/v1/), built with django-ninja for its OpenAPI document
(/api/v1/openapi.json; docs/decisions.md "The open-data API on django-ninja").

Every operation answers through `opendata.api.listing` (rate limit, the query validated by one
Django form, stable pages, ETag/Last-Modified); the `Query[...]` schemas only describe the
parameters in the document (all strings, so django-ninja never refuses one before the form can
say in Chinese what is wrong).
"""

from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError

from opendata.api import calls, evaluations, mapped, publicity, schemas
from opendata.api.http import error
from opendata.api.listing import one, page_of

# A primary key fits a signed 64-bit integer on both databases; a longer number names no row.

api = NinjaAPI(
    title="公益资助平台开放数据接口",
    version="1.0.0",
    description=(
        "只读、匿名、限速的 JSON 接口，内容仅限公开页面已经公开的信息：征集、公示与立项结果、"
        "绩效评价结果，以及按开放合同数据标准（OCDS 1.1.5）和 360Giving 数据标准（1.4.3）"
        "发布的采购与资助记录。每个列表分页（page、page_size ≤ 200），顺序固定；"
        "参数有误时返回 400 和中文说明；响应带 ETag 与 Last-Modified，"
        "条件请求（If-None-Match / If-Modified-Since）未变化时返回 304；"
        "每个地址每分钟请求过多时返回 429 和 Retry-After。"
    ),
    urls_namespace="opendata_api",
    docs_url=None,  # the human page is ours (no CDN assets: views.docs)
    openapi_url="/openapi.json",
)

LIST = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}
ONE = {404: schemas.Error, 429: schemas.Error}


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return error(400, _("请求参数有误"))


@api.get(
    "/calls/",
    response={200: schemas.CallPage, **LIST},
    tags=["征集"],
    summary="征集列表（仅已公开的征集公告）",
    url_name="calls",
)
def list_calls(request, filters: Query[schemas.CallQuery]):
    return page_of(request, calls.ENDPOINT)


@api.get(
    "/calls/{int:pk}/",
    response={200: schemas.Call, **ONE},
    tags=["征集"],
    summary="一个征集",
    url_name="call",
)
def get_call(request, pk: int):
    return one(request, calls.ENDPOINT, calls.ENDPOINT.record(pk))


@api.get(
    "/publicity/",
    response={200: schemas.PublicityPage, **LIST},
    tags=["公示"],
    summary="拟资助项目公示及立项结果列表",
    url_name="publicity_list",
)
def list_publicity(request, filters: Query[schemas.PublicityQuery]):
    return page_of(request, publicity.ENDPOINT)


@api.get(
    "/publicity/{int:pk}/",
    response={200: schemas.Publicity, **ONE},
    tags=["公示"],
    summary="一个公示（含更正公告和立项结果）",
    url_name="publicity",
)
def get_publicity(request, pk: int):
    return one(request, publicity.ENDPOINT, publicity.ENDPOINT.record(pk))


@api.get(
    "/evaluations/",
    response={200: schemas.EvaluationPage, **LIST},
    tags=["绩效评价结果"],
    summary="已公开的绩效评价结果列表",
    url_name="evaluations",
)
def list_evaluations(request, filters: Query[schemas.EvaluationQuery]):
    return page_of(request, evaluations.ENDPOINT)


@api.get(
    "/evaluations/{int:pk}/",
    response={200: schemas.Evaluation, **ONE},
    tags=["绩效评价结果"],
    summary="一项已公开的评估结果",
    url_name="evaluation",
)
def get_evaluation(request, pk: int):
    return one(request, evaluations.ENDPOINT, evaluations.ENDPOINT.record(pk))


@api.get(
    "/releases/",
    response={200: schemas.ReleasePage, **LIST},
    tags=["开放数据标准"],
    summary="政府购买服务的 OCDS 1.1.5 release（与 /open-data/ 的年度文件相同）",
    url_name="releases",
)
def list_releases(request, filters: Query[schemas.ReleaseQuery]):
    return page_of(request, mapped.RELEASES)


@api.get(
    "/grants/",
    response={200: schemas.GrantPage, **LIST},
    tags=["开放数据标准"],
    summary="公益创投资助项目的 360Giving 1.4.3 grant（与 /open-data/ 的年度文件相同）",
    url_name="grants",
)
def list_grants(request, filters: Query[schemas.MappedQuery]):
    return page_of(request, mapped.GRANTS)
