"""Onboarding's personal data (privacy.personal_data): the new hire's documents (S3,
every version, and their metadata), the plan with its training records, the portal's
state. Archived on the departure, deleted when retention's period ends (docs/privacy.md
"Retention")."""

from __future__ import annotations

from typing import ClassVar

from hireflow.onboarding.model import (
    NewHirePortalState,
    NewHireRepository,
    OnboardingDocument,
    OnboardingPlan,
    OnboardingRepository,
)
from hireflow.people.model import EmployeeRepository
from hireflow.platform.ids import now
from hireflow.platform.objects import delete_object_versions
from hireflow.platform.store import Repository
from hireflow.privacy.model import DataClass, ReceiptLine
from hireflow.privacy.personal_data import ExportBundle, PersonRef, receipt_line

CLASS = DataClass.ONBOARDING_DOCUMENTS
# A current employee's documents are the employment contract's (and the law's): erasure
# and retention leave them (and say so) until the departure.
EMPLOYED = "employed"


class OnboardingRecords:
    name = "onboarding.documents"
    classes: ClassVar[dict[DataClass, str]] = {
        CLASS: "S3 media bucket under onboarding/, every version; DynamoDB: the documents, "
        "the onboarding plan with training records, the new hire's portal"
    }

    def __init__(
        self,
        plans: OnboardingRepository,
        new_hires: NewHireRepository,
        employees: EmployeeRepository,
        bucket: str,
    ) -> None:
        self.plans = plans
        self.new_hires = new_hires
        self.employees = employees
        self.bucket = bucket
        self._documents = Repository(OnboardingDocument)
        self._plans = Repository(OnboardingPlan)
        self._portals = Repository(NewHirePortalState)

    def expand(self, person: PersonRef) -> PersonRef:
        return person

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        for employee_id in person.employee_ids:
            plan = self.plans.plan(employee_id)
            if plan:
                bundle.add_json(
                    f"{self.name}/{employee_id}-plan.json", plan.model_dump(mode="json")
                )
            for document in self.new_hires.documents(employee_id, archived=True):
                if document.status in ("received", "approved"):
                    path = f"{self.name}/{employee_id}/{document.id}-{document.document_type}"
                    bundle.add_file(path, self.bucket, document.object_key)

    def _line(self, action: str, count: int, reason_code: str | None = None) -> ReceiptLine:
        return receipt_line(self, CLASS, action, count, reason_code=reason_code)  # type: ignore[arg-type]

    def archive(self, person: PersonRef, classes: frozenset[DataClass]) -> list[ReceiptLine]:
        if CLASS not in classes:
            return []
        count = 0
        for employee_id in person.employee_ids:
            for document in self.new_hires.documents(employee_id):
                self._documents.save(document.model_copy(update={"archived_at": now()}))
                count += 1
        return [self._line("archived", count)]

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        """Documents are files: anonymising one is deleting it; the plan goes with them."""
        if CLASS not in classes:
            return []
        count, kept = 0, []
        employed = {e.id for e in self.employees.many(person.employee_ids) if not e.left_on}
        for employee_id in person.employee_ids:
            if employee_id in employed:
                documents = self.new_hires.documents(employee_id, archived=True)
                plan = self.plans.plan(employee_id) is not None
                kept.append(self._line("kept", len(documents) + plan, EMPLOYED))
                continue
            for document in self.new_hires.documents(employee_id, archived=True):
                count += delete_object_versions(self.bucket, document.object_key)
                self._documents.delete(*OnboardingDocument.key(employee_id, document.id))
                count += 1
            for entity, key in (
                (self.plans.plan(employee_id), OnboardingPlan.key(employee_id)),
                (self.new_hires.portal(employee_id), NewHirePortalState.key(employee_id)),
            ):
                if entity is not None:
                    self._plans.delete(*key)
                    count += 1
        return [self._line("deleted", count), *kept]
