"""Mutation testing of the modules that carry the law, the confidentiality rule and the evidence.

`make mutate` runs `python -m mutation`: cosmic-ray applies one small change at a time to each
module named in `modules.toml` (a flipped comparison, ``and`` for ``or``, a dropped ``.filter()``,
...) and runs the tests that cover the changed line; a change that no test notices is a
*survivor*. Survivors that no test could ever notice (equivalent mutants) are listed with their
reason in `modules.toml`; any other survivor fails the run. See docs/testing.md.
"""
