"""Apache PDFBox Preflight (Debian's libpdfbox2-java), an independent PDF/A-1b validator, as a
pytest fixture: `preflight(pdf)` lists the errors it reports. Without it a test is skipped on a
developer machine and fails in CI (the environment variable CI is set), like the browser tests."""

import os
import re
import subprocess
from pathlib import Path

import pytest

JARS = Path("/usr/share/java")
PREFLIGHT = ["preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar",
             "javax.activation.jar", "jaxb-api.jar"]
# What ISO 19005-3 allows that Preflight's part-1 rules refuse: embedded files (1.2.9 in a file
# specification, 1.4.7 in the name tree), the part number (7.11.2) and transparency (4.1.x: the
# watermark of a superseded version).
PART_3_ALLOWS = re.compile(r"^(1\.2\.9|1\.4\.7|7\.11\.2|4\.1\.\d+) ")


def _preflight_missing() -> str | None:
    missing = [jar for jar in PREFLIGHT if not (JARS / jar).is_file()]
    if missing or not Path("/usr/bin/java").exists():
        return ("PDFBox Preflight not installed (apt-get install default-jre-headless "
                f"libpdfbox2-java libactivation-java libjaxb-api-java); missing: {missing}")
    return None


@pytest.fixture
def preflight(tmp_path):
    """`preflight(pdf)`: the errors Preflight reports, an empty list for a valid PDF/A-1b. In CI
    a missing validator fails the test instead of skipping it."""
    reason = _preflight_missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)

    def run(pdf: bytes) -> list[str]:
        path = tmp_path / "checked.pdf"
        path.write_bytes(pdf)
        classpath = ":".join(str(JARS / jar) for jar in PREFLIGHT)
        result = subprocess.run(
            ["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
            capture_output=True, text=True, timeout=120)
        lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
        assert lines, result.stderr
        if "is a valid PDF/A-1b file" in lines[0]:
            return []
        assert "is not a valid PDF/A-1b file" in lines[0], result.stdout + result.stderr
        return lines[1:]
    return run
