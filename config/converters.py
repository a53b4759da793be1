"""URL parts that are looked up in the database only when they have the shape of a real key."""

from incidents.models.staff import PERSONNEL_NUMBER_PATTERN


class CaseReferenceConverter:
    regex = r"TD-\d{4}-\d{1,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PersonnelNumberConverter:
    regex = PERSONNEL_NUMBER_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
