"""The run-level stage: duplicate clusters at scale, scores, `score` and `report` commands."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from outreach_lint.engine import create_linter
from outreach_lint.signature import DocSignature

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gen_blasts import generate  # noqa: E402


def test_planted_clusters_found_exactly(tmp_path):
    """400 generated templates, 12 planted clusters: all found, none invented."""
    root = tmp_path / "lib"
    truth = generate(root, templates=400, clusters=12, seed=7)
    linter = create_linter(isolated=True, no_plugins=True)
    results = [linter.lint_file(p) for p in linter.discover([str(root)])]
    results = linter.lint_project(results)
    found = set()
    for r in results:
        for f in r.findings:
            if f.code == "BL201":
                found.add(
                    frozenset(
                        Path(m["path"]).relative_to(root).as_posix() for m in f.context["members"]
                    )
                )
                assert f.path == sorted(m["path"] for m in f.context["members"])[0]
    assert found == {frozenset(v) for v in truth.values()}


def test_signatures_survive_json_and_pickle(tmp_path):
    import pickle

    (tmp_path / "a.md").write_text(
        "---\nstep: 2\nday: 3\n---\nHi Sam,\n\nYour team files the board reports by hand each month, and the finance team rebuilds every chart from scratch before each meeting. Would a short checklist from a team that automated it help you?\n"
    )
    linter = create_linter(isolated=True, no_plugins=True)
    result = linter.lint_file(tmp_path / "a.md")
    (sig,) = result.signatures
    assert sig.step == 2 and sig.day == 3.0 and sig.minhash
    again = DocSignature.from_dict(json.loads(json.dumps(sig.to_dict())))
    assert again == sig
    assert pickle.loads(pickle.dumps(result)).signatures == result.signatures


def test_rule_disabled_for_a_folder_excludes_its_files(write, run):
    body = (
        "Hi Sam,\n\n"
        + " ".join(f"Your team word{i} rebuilds the report by hand." for i in range(8))
        + "\n"
    )
    root = write(
        {
            "a/x.md": body,
            "a/y.md": body,
            "b/z.md": body,
            "b/.outreach-lint.toml": 'ignore = ["BL201"]\n',
        }
    )
    code, out, err = run("--format", "json", str(root))
    data = json.loads(out)
    bl = [f for f in data["findings"] if f["code"] == "BL201"]
    assert len(bl) == 1 and len(bl[0]["context"]["members"]) == 2, bl
    assert all("/b/" not in m["path"] for m in bl[0]["context"]["members"])


def test_json_carries_scores(run):
    code, out, _ = run("--format", "json", "--isolated", str(ROOT / "examples" / "templates"))
    data = json.loads(out)
    assert data["version"] == 1
    messages = data["scores"]["messages"]
    by_path = {Path(m["path"]).name: m for m in messages}
    bad, good = by_path["cold-blast.md"], by_path["first-touch.md"]
    assert bad["score"] < 60 and bad["band"] == "rewrite"
    assert good["score"] >= 80 and good["band"] == "send"
    assert max(0, 100 - sum(c["points"] for c in bad["costs"])) == bad["score"]
    assert sum(data["scores"]["summary"]["bands"].values()) == len(messages)


def test_score_command_ranks_worst_first(run):
    code, out, err = run("score", "--isolated", str(ROOT / "examples" / "templates"))
    assert code == 0, err
    lines = [ln for ln in out.splitlines() if ln[:4].strip().isdigit()]
    scores = [int(ln.split()[1]) for ln in lines]
    assert scores == sorted(scores) and len(scores) >= 5
    assert any("cold-blast.md" in ln for ln in lines[:2])
    assert "Bands: send 80-100" in out
    code, _, _ = run(
        "score", "--isolated", "--fail-under", "60", str(ROOT / "examples" / "templates")
    )
    assert code == 1


def test_report_escapes_template_markup(write, run, tmp_path):
    root = write(
        {
            "evil.md": "Hi <script>document.title='pwned'</script> team,\n\nWe are the leading platform. I want 30 minutes.\n"
        }
    )
    code, out, err = run(
        "report", "--isolated", str(root / "evil.md"), "-o", str(tmp_path / "r.html")
    )
    assert code == 0, err
    page = (tmp_path / "r.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.integration
def test_report_renders_in_headless_chromium(tmp_path, run):
    browser = _chromium()
    if browser is None:
        pytest.skip(
            "chromium is not installed and .ci/run could not install it (no apt-get or not root)"
        )
    lib = tmp_path / "lib"
    shutil.copytree(ROOT / "examples" / "templates", lib)
    (lib / "evil.md").write_text(
        "Dear Sir/Madam,\n\nI hope this email finds you well. "
        "<script>document.title='pwned';document.body.setAttribute('data-pwned','1')</script>"
        "<img src=x onerror=\"document.title='pwned'\"> We are the leading provider and our "
        "award-winning platform helps you close the deal. I want 30 minutes. We are the best.\n"
    )
    html_path = tmp_path / "report.html"
    code, out, err = run(
        "report", "--isolated", str(lib), "-o", str(html_path), "--title", "Team copy report"
    )
    assert code == 0, err
    args = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*args, f"--screenshot={shot}", "--window-size=1280,2000", html_path.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 20_000
    dom = subprocess.run(
        [*args, "--dump-dom", html_path.as_uri()],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    data = json.loads(run("--format", "json", "--isolated", str(lib))[1])
    assert f'data-findings="{data["summary"]["findings"]}"' in dom
    assert f'data-messages="{len(data["scores"]["messages"])}"' in dom
    assert 'data-clusters="1"' in dom and 'data-sequences="1"' in dom
    assert "<title>Team copy report</title>" in dom
    head = dom.split("<body")[0]
    assert "pwned" not in head, head[-400:]
    body_tag = re.search(r"<body[^>]*>", dom).group()
    assert "pwned" not in body_tag  # the template's script did not run
    assert "document.title='pwned'" in dom and "&lt;/script&gt;" in dom  # shown as text
