"""/api/v1/: every app registers its endpoints on this one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accidents import api as accidents_api
from checklists import api as checklists_api
from complaints.api import views as complaint_views
from deadlines import api as deadlines_api
from field import api as field_api
from history_import import api as history_api
from inspections.api import views as inspections_api
from notifications.api import views as notifications_api
from reporting.api import views as reporting_api
from socialsecurity import api as bpjs_api
from targeting import api as targeting_api

from . import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("offices", views.OfficeViewSet, basename="office")
router.register("staff", views.StaffViewSet, basename="staff")
router.register("companies", views.CompanyViewSet, basename="company")
router.register("inspections", inspections_api.InspectionViewSet, basename="inspection")
router.register("findings", inspections_api.FindingViewSet, basename="finding")
router.register("notices", inspections_api.NoticeViewSet, basename="notice")
router.register("investigations", inspections_api.InvestigationViewSet, basename="investigation")
router.register("provisions", inspections_api.ProvisionViewSet, basename="provision")
router.register("categories", complaint_views.CategoryViewSet, basename="category")
router.register("complaints", complaint_views.ComplaintViewSet, basename="complaint")
router.register("public", complaint_views.PublicViewSet, basename="public")
router.register("reports", reporting_api.ReportViewSet, basename="report")
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")
router.register("deadlines", deadlines_api.ClockViewSet, basename="deadline")
router.register("notice-drafts", deadlines_api.NoticeDraftViewSet, basename="notice-draft")
router.register("noncompliance-reports", deadlines_api.NonComplianceReportViewSet, basename="noncompliance-report")
router.register("checklist-versions", checklists_api.TemplateVersionViewSet, basename="checklist-version")
router.register("checklist-answers", checklists_api.AnswerViewSet, basename="checklist-answer")
router.register("visit-checklists", checklists_api.VisitChecklistViewSet, basename="visit-checklist")
router.register("checklist-drafts", checklists_api.DraftFindingViewSet, basename="checklist-draft")
router.register("checklist-scores", reporting_api.ChecklistScoreViewSet, basename="checklist-score")
router.register("history-imports", history_api.HistoryImportViewSet, basename="history-import")
router.register("bpjs-imports", bpjs_api.BpjsImportViewSet, basename="bpjs-import")
router.register("bpjs-snapshots", bpjs_api.ParticipationViewSet, basename="bpjs-snapshot")
router.register("bpjs-flags", bpjs_api.FlagViewSet, basename="bpjs-flag")
router.register("bpjs-sanctions", bpjs_api.SanctionViewSet, basename="bpjs-sanction")
router.register("minimum-wages", bpjs_api.MinimumWageViewSet, basename="minimum-wage")
router.register("workforce-estimates", bpjs_api.WorkforceEstimateViewSet, basename="workforce-estimate")
router.register("accidents", accidents_api.AccidentViewSet, basename="accident")
router.register("occupational-diseases", accidents_api.DiseaseViewSet, basename="occupational-disease")
router.register("hours-worked", accidents_api.HoursWorkedViewSet, basename="hours-worked")
router.register("accident-codes", accidents_api.CodeViewSet, basename="accident-code")
router.register("risk-scores", targeting_api.RiskScoreViewSet, basename="risk-score")
router.register("visit-plans", targeting_api.PlanViewSet, basename="visit-plan")
router.register("visit-plan-entries", targeting_api.PlanEntryViewSet, basename="visit-plan-entry")
router.register("risk-weights", targeting_api.WeightViewSet, basename="risk-weight")
router.register("inspector-leave", targeting_api.LeaveViewSet, basename="inspector-leave")
router.register("inspector-assignments", targeting_api.AssignmentViewSet, basename="inspector-assignment")

app_name = "api"
urlpatterns = [
    path("field/sync/", field_api.SyncView.as_view(), name="field-sync"),
    path("field/visits/", field_api.FieldVisitList.as_view(), name="field-visits"),
    path("field/conflicts/<int:pk>/resolve/", field_api.ConflictResolveView.as_view(), name="field-conflict-resolve"),
    path("notices/<int:pk>/delivery/", deadlines_api.NoticeDeliveryView.as_view(), name="notice-delivery"),
    path("deadlines/feed/renew/", deadlines_api.FeedRenewView.as_view(), name="deadline-feed-renew"),
    path("bpjs-coverage/", bpjs_api.CoverageView.as_view(), name="bpjs-coverage"),
    path("", include(router.urls)),
]
