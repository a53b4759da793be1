def track_diagrams():
    return []
