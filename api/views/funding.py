"""After the decision: payouts, interim reports, the Belegliste, the repayment and the money
overview of a case. Writes go through ``backend.cases.services`` with ``if_match``."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.conditional import if_match
from api.serializers.funding import (
    FundingSerializer,
    InterimReportCreateSerializer,
    InterimReportSerializer,
    PayoutDecisionSerializer,
    PayoutRequestSerializer,
    PayoutSerializer,
    ReceiptCreateSerializer,
    ReceiptImportResultSerializer,
    ReceiptImportSerializer,
    ReceiptSerializer,
    RepaymentSerializer,
)
from api.views.cases import CaseScopedMixin
from backend.cases.models import InterimReport, Payout, Receipt, Repayment
from backend.cases.selectors import case_funding
from backend.cases.services import (
    interim_report_submit,
    payout_decide,
    payout_request,
    receipt_add,
    receipt_delete,
    receipts_import,
)

PAYOUT_ID = OpenApiParameter("payout_id", int, OpenApiParameter.PATH)
RECEIPT_ID = OpenApiParameter("receipt_id", int, OpenApiParameter.PATH)


class CaseFundingViewSet(CaseScopedMixin, viewsets.GenericViewSet):
    """Money and reports of a case you may see, after the decision."""

    lookup_value_regex = "[0-9]+"
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(
        summary="Money overview (approved, paid, per plan line)", responses=FundingSerializer
    )
    @action(detail=True, methods=["get"])
    def funding(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        return self.case_response(FundingSerializer(case_funding(case=case)).data, case)

    @extend_schema(summary="Payouts (Mittelabrufe)", responses=PayoutSerializer(many=True))
    @action(detail=True, methods=["get"])
    def payouts(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        return Response(PayoutSerializer(Payout.objects.filter(case=case), many=True).data)

    @extend_schema(
        summary="Request a payout",
        request=PayoutRequestSerializer,
        responses={201: PayoutSerializer},
        description="Only once the decision is final; never more than approved minus paid and "
        "requested (409 guard-failed otherwise).",
    )
    @payouts.mapping.post
    def request_payout(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = PayoutRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with if_match(request, case) as expected_version:
            payout = payout_request(
                case=case,
                actor=self.actor(),
                expected_version=expected_version,
                **serializer.validated_data,
            )
        return self.case_response(PayoutSerializer(payout).data, case, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Pay out or refuse a payout request",
        request=PayoutDecisionSerializer,
        responses=PayoutSerializer,
        parameters=[PAYOUT_ID],
    )
    @action(detail=True, methods=["post"], url_path=r"payouts/(?P<payout_id>[0-9]{1,18})/decision")
    def decide_payout(self, request: Request, pk: str, payout_id: str) -> Response:
        case = self.get_case()
        serializer = PayoutDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with if_match(request, case) as expected_version:
            payout = payout_decide(
                case=case,
                actor=self.actor(),
                payout_id=int(payout_id),
                approve=serializer.validated_data["approve"],
                reason=serializer.validated_data.get("reason", ""),
                expected_version=expected_version,
            )
        return self.case_response(PayoutSerializer(payout).data, case)

    @extend_schema(summary="Interim reports", responses=InterimReportSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="interim-reports")
    def interim_reports(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        reports = InterimReport.objects.filter(case=case)
        return Response(InterimReportSerializer(reports, many=True).data)

    @extend_schema(
        summary="Submit an interim report",
        request=InterimReportCreateSerializer,
        responses={201: InterimReportSerializer},
    )
    @interim_reports.mapping.post
    def submit_interim_report(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = InterimReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with if_match(request, case) as expected_version:
            report = interim_report_submit(
                case=case,
                actor=self.actor(),
                expected_version=expected_version,
                **serializer.validated_data,
            )
        return self.case_response(
            InterimReportSerializer(report).data, case, status.HTTP_201_CREATED
        )

    @extend_schema(summary="Belegliste", responses=ReceiptSerializer(many=True))
    @action(detail=True, methods=["get"])
    def receipts(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        return Response(ReceiptSerializer(Receipt.objects.filter(case=case), many=True).data)

    @extend_schema(
        summary="Add a receipt", request=ReceiptCreateSerializer, responses={201: ReceiptSerializer}
    )
    @receipts.mapping.post
    def add_receipt(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = ReceiptCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with if_match(request, case) as expected_version:
            receipt = receipt_add(
                case=case,
                actor=self.actor(),
                line_id=data.pop("line"),
                expected_version=expected_version,
                **data,
            )
        return self.case_response(ReceiptSerializer(receipt).data, case, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Import the Belegliste from CSV",
        request=ReceiptImportSerializer,
        responses=ReceiptImportResultSerializer,
        description="All rows or none; every bad row is named in the 400 problem's errors.",
    )
    @action(detail=True, methods=["post"], url_path="receipts/import")
    def import_receipts(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = ReceiptImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with if_match(request, case) as expected_version:
            count = receipts_import(
                case=case,
                actor=self.actor(),
                content=serializer.validated_data["csv"].encode("utf-8"),
                replace=serializer.validated_data["replace"],
                expected_version=expected_version,
            )
        return self.case_response({"imported": count}, case)

    @extend_schema(summary="Delete a receipt", responses={204: None}, parameters=[RECEIPT_ID])
    @action(detail=True, methods=["delete"], url_path=r"receipts/(?P<receipt_id>[0-9]{1,18})")
    def delete_receipt(self, request: Request, pk: str, receipt_id: str) -> Response:
        case = self.get_case()
        if not Receipt.objects.filter(case=case, pk=receipt_id).exists():
            raise Http404
        with if_match(request, case) as expected_version:
            receipt_delete(
                case=case,
                actor=self.actor(),
                receipt_id=int(receipt_id),
                expected_version=expected_version,
            )
        return self.case_response(None, case, status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Repayment (404 unless one is due)", responses=RepaymentSerializer)
    @action(detail=True, methods=["get"])
    def repayment(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        repayment = Repayment.objects.filter(case=case).select_related("budget").first()
        if repayment is None:
            raise Http404
        return self.case_response(RepaymentSerializer(repayment).data, case)
