"""Mermaid diagrams of each track, generated from the transitions declared in workflows/tracks/."""

from workflows.models import Case, Hearing
from workflows.states import CaseState
from workflows.tracks import disciplinary, dismissal, triage

TRACK_MODULES = [
    ("Triage", triage.TriageTrack, triage, ""),
    ("Dismissal for serious reason", dismissal.DismissalTrack, dismissal, "dismissal"),
    ("Disciplinary procedure", disciplinary.DisciplinaryTrack, disciplinary, "disciplinary"),
]


def _targets(target) -> list[str]:
    allowed = getattr(target, "allowed_states", None)
    return list(allowed) if allowed else [target]


def track_transitions(mixin) -> list:
    names = {name for name, value in vars(mixin).items() if hasattr(value, "_django_fsm")}
    order = list(CaseState.values)
    found = [t for t in Case._meta.get_field("state").get_all_transitions(Case) if t.name in names]
    return sorted(found, key=lambda t: (order.index(t.source), t.name))


def mermaid(mixin) -> str:
    lines = ["stateDiagram-v2"]
    for transition in track_transitions(mixin):
        for target in _targets(transition.target):
            label = str(transition.custom.get("label", transition.name)).replace(":", " -")
            lines.append(f"    {transition.source} --> {target}: {label}")
    return "\n".join(lines)


def hearing_outcomes(track: str) -> dict:
    """The outcomes a hearing can have in this track, with their legal source."""
    outcomes = Hearing.OUTCOMES_BY_TRACK.get(track, [])
    return {"labels": [Hearing.Outcome(o).label for o in outcomes],
            "source": Hearing.OUTCOME_SOURCES.get(track, "")}


def track_diagrams() -> list[dict]:
    return [
        {"title": title, "source": (module.__doc__ or "").strip(), "mermaid": mermaid(mixin),
         "hearing_outcomes": hearing_outcomes(track),
         "steps": [
             {"name": t.name, "label": t.custom.get("label", t.name),
              "source": CaseState(t.source).label,
              "targets": [CaseState(x).label for x in _targets(t.target)],
              "permission": t.permission,
              "legal_source": t.custom.get("source", ""),
              "conditions": [str(getattr(c, "message", c.__name__)) for c in t.conditions]}
             for t in track_transitions(mixin)
         ]}
        for title, mixin, module, track in TRACK_MODULES
    ]
