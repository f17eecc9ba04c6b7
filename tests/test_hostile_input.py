"""Bad and hostile file contents: each becomes a clear finding on that file, never a crash,
and the other files of the run are still linted (issue 7, docs/reliability.md)."""

from __future__ import annotations

import codecs
import json
import time

import pytest

BAD = "Hi Sam,\n\nLet's close the deal this week.\n"  # PR101 at 3:7


def _json(run, *argv, **kwargs):
    code, out, err = run("--format", "json", "--no-source", *argv, **kwargs)
    return code, json.loads(out), err


def _by_path(report):
    out = {}
    for f in report["findings"]:
        out.setdefault(f["path"].rsplit("/", 1)[-1], []).append(f)
    return out


def test_binary_nul_and_invalid_utf8_are_reported_and_the_run_goes_on(run, write):
    root = write(
        {
            "png.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "nul.txt": b"Hello\x00there",
            "latin1.md": "Café: let's close the deal".encode("latin-1"),
            "ok.md": BAD,
        }
    )
    code, report, err = _json(run, str(root))
    assert code == 1 and err == ""
    found = _by_path(report)
    assert [f["code"] for f in found["png.md"]] == ["OL002"]
    assert "binary" in found["png.md"][0]["message"]
    assert [f["code"] for f in found["nul.txt"]] == ["OL002"]
    latin = found["latin1.md"][0]
    assert latin["code"] == "OL002"
    assert "not valid UTF-8 (byte 0xe9 at offset 3)" in latin["message"]
    assert [(f["code"], f["line"], f["column"]) for f in found["ok.md"]] == [("PR101", 3, 7)]
    assert report["summary"]["files"] == 4


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ],
)
def test_bom_selects_the_encoding_and_positions_ignore_the_bom(run, write, encoding, bom):
    root = write({"mail.md": bom + BAD.encode(encoding)})
    code, report, _ = _json(run, str(root / "mail.md"))
    assert code == 1
    assert [(f["code"], f["line"], f["column"]) for f in report["findings"]] == [("PR101", 3, 7)]


def test_bom_with_broken_content_is_reported(run, write):
    root = write({"mail.md": codecs.BOM_UTF16_LE + b"H\x00i\x00\x00"})  # odd length
    code, report, _ = _json(run, str(root / "mail.md"))
    assert code == 1
    [f] = report["findings"]
    assert (
        f["code"] == "OL002"
        and "utf-16" in f["message"]
        and "despite its byte-order mark" in f["message"]
    )


def test_latin1_fallback_is_opt_in(run, write):
    """Policy: strict UTF-8 by default; `fallback-encoding` decodes legacy files on request."""
    data = "Café au lait: let's close the deal".encode("cp1252")
    root = write({"mail.md": data})
    code, report, _ = _json(run, "--isolated", str(root / "mail.md"))
    assert [f["code"] for f in report["findings"]] == ["OL002"]
    (root / ".outreach-lint.toml").write_text('fallback-encoding = "cp1252"\n')
    code, report, _ = _json(run, str(root / "mail.md"))
    assert code == 1
    assert [(f["code"], f["column"]) for f in report["findings"]] == [("PR101", 21)]
    # NUL bytes still mean binary: the fallback never lints a binary file as mojibake
    (root / "bin.md").write_bytes(b"\xff\xd8\xff\x00\x00JFIF")
    code, report, _ = _json(run, str(root / "bin.md"))
    assert [f["code"] for f in report["findings"]] == ["OL002"]


def test_empty_and_whitespace_files_are_clean(run, write):
    root = write({"empty.md": "", "blank.txt": "\n\n   \n", "bom.md": codecs.BOM_UTF8})
    code, report, err = _json(run, str(root))
    assert (code, report["findings"], err) == (0, [], "")
    assert report["summary"]["files"] == 3


@pytest.mark.slow
def test_a_50_mb_file_is_reported_as_too_large_not_dropped(run, tmp_path):
    big = tmp_path / "export.md"
    chunk = ("close the deal " * 70 + "\n").encode()
    with open(big, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    (tmp_path / "ok.md").write_text(BAD)
    start = time.perf_counter()
    code, report, _ = _json(run, str(tmp_path))
    assert time.perf_counter() - start < 20  # it is never read, only stat()ed
    found = _by_path(report)
    [f] = found["export.md"]
    assert f["code"] == "OL003" and "over max-file-size (10,485,760); skipped" in f["message"]
    assert [f["code"] for f in found["ok.md"]] == ["PR101"]
    assert code == 1


def test_max_file_size_is_configurable_and_applies_to_stdin(run, write):
    root = write({".outreach-lint.toml": "max-file-size = 20\n", "a.md": BAD})
    _, report, _ = _json(run, str(root / "a.md"))
    assert [f["code"] for f in report["findings"]] == ["OL003"]
    _code, report, _ = _json(run, "--config", str(root / ".outreach-lint.toml"), "-", stdin=BAD)
    assert [f["code"] for f in report["findings"]] == ["OL003"]


@pytest.mark.slow
def test_a_single_5_mb_line_is_linted_in_bounded_time(run, tmp_path):
    # neutral filler: the length of the line is what is tested (see docs/reliability.md for the
    # cost of text dense with phrase starts)
    line = ("alpha beta gamma delta epsilon, " * 170_000)[: 5 * 1024 * 1024 - 40]
    (tmp_path / "line.txt").write_text(line + " let's close the deal")
    start = time.perf_counter()
    _code, report, _ = _json(run, str(tmp_path / "line.txt"))
    elapsed = time.perf_counter() - start
    [pr101] = [f for f in report["findings"] if f["code"] == "PR101"]
    assert (pr101["line"], pr101["column"]) == (1, len(line) + 8)
    assert not [f for f in report["findings"] if f["code"].startswith("OL")]
    assert elapsed < 60, elapsed  # a quadratic pass over this line takes hours


def test_ten_thousand_unclosed_template_tags(run, tmp_path):
    (tmp_path / "tags.txt").write_text("{% " * 4000 + "{{ " * 3000 + "{# " * 3000)
    start = time.perf_counter()
    _code, report, _ = _json(run, str(tmp_path / "tags.txt"))
    assert time.perf_counter() - start < 30
    codes = [f["code"] for f in report["findings"]]
    # reported once per tag up to a cap (25 per code and file), the last one counting the rest
    assert codes.count("TM101") == 25 and set(codes) == {"TM101"}
    assert report["findings"][-1]["message"].endswith("(9975 more like it in this file not shown)")


def test_a_merge_tag_followed_by_a_huge_run_of_spaces(run, tmp_path):
    """Used to backtrack cubically (`\\{\\{\\s*(.*?)\\s*\\}\\}`): a hang on one template."""
    (tmp_path / "ws.txt").write_text("Hi {{" + " " * 200_000 + "\nclose the deal")
    start = time.perf_counter()
    _code, report, _ = _json(run, str(tmp_path / "ws.txt"))
    assert time.perf_counter() - start < 30
    assert {f["code"] for f in report["findings"]} == {"TM101", "PR101"}


def test_deeply_nested_markup(run, tmp_path):
    depth = 20_000
    (tmp_path / "deep.md").write_text(
        "<div>" * depth + "Let's close the deal." + "</div>" * depth + "\n" + "> " * 10_000 + "x"
    )
    _code, report, _ = _json(run, str(tmp_path))
    assert [f["code"] for f in report["findings"]] == ["PR101"]


@pytest.mark.parametrize(
    "text",
    [
        "```\n" * 20_000,  # fences that open and close forever
        "[x](" * 20_000,  # unclosed link targets
        "*" * 50_000 + "close the deal",  # emphasis soup
        "<!--" * 20_000,  # unclosed comments
        "---\n" + "key: value\n" * 20_000,  # front matter that never closes
        "> " * 30_000 + "close the deal",  # quote markers
        "# " * 30_000,
        "|" * 50_000,
    ],
    ids=["fences", "links", "emphasis", "comments", "frontmatter", "quotes", "headings", "pipes"],
)
def test_pathological_markdown(run, tmp_path, text):
    (tmp_path / "p.md").write_text(text)
    start = time.perf_counter()
    code, report, err = _json(run, str(tmp_path / "p.md"))
    assert time.perf_counter() - start < 30
    assert err == "" and code in (0, 1)
    assert not [f for f in report["findings"] if f["code"] == "OL004"]


def test_billion_laughs_front_matter_is_not_expanded(run, tmp_path):
    """YAML aliases in front matter are kept as text, never expanded (no entity explosion)."""
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 30):
        prev = chr(ord("a") + i - 1) if i < 26 else f"k{i - 1}"
        name = chr(ord("a") + i) if i < 26 else f"k{i}"
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    lines += ["subject: Quick question", "---", "Hi Sam, let's close the deal."]
    (tmp_path / "laughs.md").write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    _code, report, _ = _json(run, str(tmp_path / "laughs.md"))
    assert time.perf_counter() - start < 10
    assert "PR101" in [f["code"] for f in report["findings"]]
