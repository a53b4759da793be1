"""The procedure's state machine, one module per track. Each transition names its legal source."""

from workflows.tracks.disciplinary import DisciplinaryTrack
from workflows.tracks.dismissal import DismissalTrack
from workflows.tracks.triage import TriageTrack

TRIAGE_PERMISSION = "workflows.triage_case"
HANDLE_PERMISSION = "workflows.handle_case"
DECIDE_PERMISSION = "workflows.decide_case"

__all__ = ["DisciplinaryTrack", "DismissalTrack", "TriageTrack"]
