"""URL parts that are looked up in the database only when they have the shape of a real key."""


class CaseReferenceConverter:
    regex = r"TD-\d{4}-\d{1,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PersonnelNumberConverter:
    regex = r"[A-Za-z0-9._-]{1,30}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
