from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


_COMPILED: list[Path] = []


def _compiled_dir(factory) -> Path:
    if not _COMPILED:
        _COMPILED.append(factory.mktemp("compiled"))
    return _COMPILED[0]


@pytest.fixture(autouse=True)
def _no_plugins_env(monkeypatch, tmp_path_factory):
    """Tests see only the built-ins unless they install a plugin themselves."""
    monkeypatch.setenv("OUTREACH_LINT_DISABLE_PLUGINS", "1")
    # each test its own result cache: no test sees another's results or writes into the repo
    monkeypatch.setenv("OUTREACH_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # compiled phrase data: shared by the session (keyed by content), never the user's ~/.cache
    monkeypatch.setenv("OUTREACH_LINT_COMPILED_CACHE", str(_compiled_dir(tmp_path_factory)))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    # the opt-in resident server only where a test asks for it (tests/test_daemon.py)
    monkeypatch.delenv("OUTREACH_LINT_DAEMON", raising=False)


@pytest.fixture
def run(monkeypatch):
    """Call the CLI's main(argv) in-process; return (exit code, stdout, stderr)."""
    from outreach_lint.cli import main

    def _run(*argv: str, stdin: str | bytes | None = None, cwd: Path | None = None):
        out, err = io.StringIO(), io.StringIO()
        if stdin is not None:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
            monkeypatch.setattr("sys.stdin", fake)
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(argv), stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    return _run


def lint_codes(run, *argv: str) -> list[str]:
    """The sorted codes a user gets from ``check --format json`` (through ``run``), with no
    project config and no cache; any exit but 0 (clean) or 1 (findings) fails the test."""
    code, out, err = run("check", "--format", "json", "--no-cache", "--isolated", *argv)
    assert code in (0, 1), err
    return sorted(f["code"] for f in json.loads(out)["findings"])


@pytest.fixture
def write(tmp_path):
    """Write files under tmp_path: write({"a.md": "..."}) -> tmp_path."""

    def _write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                with open(
                    path, "w", encoding="utf-8", newline=""
                ) as fh:  # 3.9: no newline= on write_text
                    fh.write(content)
        return tmp_path

    return _write


def pytest_collection_modifyitems(config, items):
    if os.environ.get("OUTREACH_LINT_SKIP_INTEGRATION"):
        skip = pytest.mark.skip(reason="OUTREACH_LINT_SKIP_INTEGRATION is set")
        for item in items:
            if "integration" in item.keywords or "slow" in item.keywords:
                item.add_marker(skip)


def new_process(monkeypatch, *tables) -> None:
    """What a new process sees of these compiled-cache tables (``compiled.Table``): nothing read
    yet, nothing open; the state of this process comes back after the test."""
    for table in tables:
        monkeypatch.setattr(table, "read_tables", {})
        monkeypatch.setattr(table, "table", None)
        monkeypatch.setattr(table, "changed", 0)
        monkeypatch.setattr(table, "_where", None)


@pytest.fixture
def fresh_packs(tmp_path, monkeypatch):
    """The packs as a new process finds them, with an empty compiled cache of the test's own
    (returned): nothing read from the cache tables, no pack parsed in this process."""
    from outreach_lint import compiled, packs

    monkeypatch.setenv(compiled.ENV, str(tmp_path / "compiled"))
    new_process(monkeypatch, compiled.EXPANSIONS)
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    return tmp_path / "compiled"
