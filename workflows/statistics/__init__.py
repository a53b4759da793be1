"""Statistics that prevent harm: aggregate figures with small-number protection, the consistency
panel for decisions, the annual report and the exports of the statistics."""
