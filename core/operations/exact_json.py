"""Django's JSON serializer, keeping the microseconds of every time.

Django's own JSON encoder cuts times to milliseconds. Each case event's hash covers its
`created_at` to the microsecond (workflows.models.events), so a dump written with it would restore
a history that no longer matches its hashes. Registered as the format `exactjson`.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
