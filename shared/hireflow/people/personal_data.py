"""People's personal data (privacy.personal_data): the employee record with its
performance reviews. Archived on the departure (kept, closed to everyday reading),
anonymised when retention's period ends (docs/privacy.md "Retention")."""

from __future__ import annotations

from typing import ClassVar

from hireflow.people.model import Employee, EmployeeRepository, HiredAs, PerformanceReview
from hireflow.platform.ids import now
from hireflow.platform.store import Repository
from hireflow.privacy.model import DataClass, ReceiptLine
from hireflow.privacy.personal_data import ExportBundle, PersonRef, receipt_line

ANONYMISED = "—"
CLASS = DataClass.EMPLOYEE_RECORD
# A current employee's record is the employment contract's: erasure and retention leave
# it (and say so) until the departure; after it they erase as their policy says.
EMPLOYED = "employed"


class EmployeeRecords:
    name = "people.employee_record"
    classes: ClassVar[dict[DataClass, str]] = {
        CLASS: "DynamoDB: the employee record and its performance reviews"
    }

    def __init__(self, employees: EmployeeRepository) -> None:
        self.employees = employees
        self._records = Repository(Employee)
        self._reviews = Repository(PerformanceReview)
        self._hired = Repository(HiredAs)

    def _of(self, person: PersonRef) -> list[Employee]:
        return self.employees.many(self.expand(person).employee_ids)

    def expand(self, person: PersonRef) -> PersonRef:
        hired = [self.employees.hired_as(c) for c in person.candidate_ids]
        return person.merged(PersonRef(employee_ids=[h.employee_id for h in hired if h]))

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        for employee in self._of(person):
            bundle.add_json(f"{self.name}/{employee.id}.json", employee.model_dump(mode="json"))
            reviews = [r.model_dump(mode="json") for r in self._reviews_of(employee)]
            bundle.add_json(f"{self.name}/{employee.id}-performance.json", reviews)

    def _reviews_of(self, employee: Employee) -> list[PerformanceReview]:
        pk, prefix = PerformanceReview.key(employee.id, "")
        return list(self._reviews.iterate(pk, prefix))

    def _line(self, action: str, count: int, reason_code: str | None = None) -> ReceiptLine:
        return receipt_line(self, CLASS, action, count, reason_code=reason_code)  # type: ignore[arg-type]

    def archive(self, person: PersonRef, classes: frozenset[DataClass]) -> list[ReceiptLine]:
        if CLASS not in classes:
            return []
        count = 0
        for employee in self._of(person):
            if employee.archived_at is None:
                self._records.save(employee.model_copy(update={"archived_at": now()}))
                count += 1
        return [self._line("archived", count)]

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        if CLASS not in classes:
            return []
        count, kept = 0, []
        for employee in self._of(person):
            if employee.left_on is None:
                kept.append(self._line("kept", 1 + len(self._reviews_of(employee)), EMPLOYED))
                continue
            if anonymise:
                if employee.anonymised_at is None:
                    # What analytics needs stays: branch, position, dates, the baseline.
                    self._records.save(
                        employee.model_copy(
                            update={
                                "name": ANONYMISED,
                                "email": "",
                                "phone": "",
                                "work_location": "",
                                "departure_reason": None,
                                "archived_at": employee.archived_at or now(),
                                "anonymised_at": now(),
                            }
                        )
                    )
                    count += 1
                    for review in self._reviews_of(employee):
                        if review.comment or review.reviewer_name:
                            self._reviews.save(
                                review.model_copy(update={"comment": "", "reviewer_name": None})
                            )
                            count += 1
                continue
            for review in self._reviews_of(employee):
                self._reviews.delete(*PerformanceReview.key(employee.id, review.period))
                count += 1
            self._hired.delete(*HiredAs.key(employee.candidate_id))
            self._records.delete(*Employee.key(employee.id))
            count += 1
        return [self._line("anonymised" if anonymise else "deleted", count), *kept]
