"""`make security`'s pip-audit gate: a vulnerability fails it, a closed network does not."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def gate():
    path = Path(settings.BASE_DIR) / "tools" / "audit_dependencies.py"
    spec = importlib.util.spec_from_file_location("audit_dependencies", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pip_audit_says(monkeypatch, gate, *, report: dict | None, stderr: str = ""):
    def fake(path: Path):
        if report is not None:
            path.write_text(json.dumps(report))
        return subprocess.CompletedProcess([], 1 if report is None else 0, "", stderr)

    monkeypatch.setattr(gate, "_run_pip_audit", fake)


def test_a_known_vulnerability_fails(monkeypatch, gate, capsys):
    report = {
        "dependencies": [
            {"name": "pillow", "version": "9.0.0",
             "vulns": [{"id": "PYSEC-2022-42", "fix_versions": ["9.0.1"]}]},
            {"name": "django", "version": "5.2.19", "vulns": []},
        ]
    }  # fmt: skip
    _pip_audit_says(monkeypatch, gate, report=report)
    assert gate.main() == 1
    assert "VULNERABLE pillow 9.0.0: PYSEC-2022-42" in capsys.readouterr().out


def test_nothing_audited_because_the_service_is_unreachable_passes_loudly(
    monkeypatch, gate, capsys
):
    report = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    _pip_audit_says(monkeypatch, gate, report=report)
    assert gate.main() == 0
    assert "NOT AUDITED" in capsys.readouterr().out


def test_a_connection_error_passes_loudly(monkeypatch, gate, capsys):
    _pip_audit_says(monkeypatch, gate, report=None, stderr="requests.exceptions.ConnectionError")
    assert gate.main() == 0
    assert "NOT AUDITED" in capsys.readouterr().out


def test_any_other_crash_fails(monkeypatch, gate):
    _pip_audit_says(monkeypatch, gate, report=None, stderr="ResolutionImpossible")
    assert gate.main() == 1


def test_a_clean_audit_passes(monkeypatch, gate, capsys):
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    _pip_audit_says(monkeypatch, gate, report=report)
    assert gate.main() == 0
    assert "1 packages audited" in capsys.readouterr().out
