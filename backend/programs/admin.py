from django.contrib import admin

from backend.programs.models import ApplicationDeadline, FundingProgram, ProgramBudget


class ProgramBudgetInline(admin.TabularInline):
    model = ProgramBudget
    extra = 0
    # ``committed`` moves only with approvals (under a row lock in the workflow).
    readonly_fields = ("committed",)


class ApplicationDeadlineInline(admin.TabularInline):
    model = ApplicationDeadline
    extra = 0


@admin.register(FundingProgram)
class FundingProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "funder", "city", "max_amount_per_case", "active")
    list_filter = ("city", "active")
    search_fields = ("name", "funder")
    inlines = (ProgramBudgetInline, ApplicationDeadlineInline)
