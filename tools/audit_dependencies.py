"""Run pip-audit on this virtualenv: fail on a known vulnerability, not on a closed network.

pip-audit asks a vulnerability service (PyPI's JSON API, or OSV) about every installed
package. Where that service cannot be reached it either crashes with a connection error
or, worse, skips every package as "not found on PyPI" and still says "No known
vulnerabilities found". This wrapper tells the three cases apart:

- a vulnerability found: its list, exit 1;
- the service unreachable (nothing could be audited): a loud NOT AUDITED line, exit 0;
- audited: how many packages, exit 0.

Usage: ``python tools/audit_dependencies.py`` (``make security`` runs it).
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

UNREACHABLE_SIGNS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Connection refused",
    "timed out",
    "Temporary failure in name resolution",
)


def _run_pip_audit(report: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--format", "json",
         "--output", str(report)],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        done = _run_pip_audit(report)
        data = json.loads(report.read_text()) if report.exists() and report.stat().st_size else None
    if data is None:
        if any(sign in done.stderr for sign in UNREACHABLE_SIGNS):
            print("pip-audit: NOT AUDITED - the vulnerability service cannot be reached.")
            return 0
        print(done.stdout + done.stderr, file=sys.stderr)
        print("pip-audit failed without a report.", file=sys.stderr)
        return 1
    dependencies = data.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        return 1
    if dependencies and not audited:
        print(
            f"pip-audit: NOT AUDITED - the vulnerability service cannot be reached "
            f"({len(dependencies)} packages skipped)."
        )
        return 0
    skipped = len(dependencies) - len(audited)
    print(
        f"pip-audit: {len(audited)} packages audited, no known vulnerability ({skipped} skipped)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
