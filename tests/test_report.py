"""Reports: report.jsonl lines, error lines, the --explain listing, rule counts."""

from __future__ import annotations

import json

from newsclean import Change, Cleaned, Flag, RuleSet, clean
from newsclean.report import error_line, explain, report_line, rule_counts

STORY = "The council approved the new bus routes on Tuesday after a long debate.\n"


def test_report_line_is_one_json_object_per_line_with_extra_keys():
    result = clean(f"{STORY}\nSource link\n")
    line = report_line(result, {"input_problems": ["bad byte"]})
    assert line.endswith("\n") and line.count("\n") == 1
    record = json.loads(line)
    assert record["id"] == "" and record["input_problems"] == ["bad byte"]
    assert record["meta"][0]["kind"] == "source_link"


def test_report_line_keeps_non_ascii_readable():
    result = Cleaned("été.txt", "x", (Change("r", 0, 1, "é", ""),))
    assert "été.txt" in report_line(result) and "\\u" not in report_line(result)


def test_error_line_names_the_document_and_the_error():
    record = json.loads(error_line("a/b.txt", ValueError("broken")))
    assert record == {"id": "a/b.txt", "error": "ValueError: broken"}


def test_explain_lists_removed_moved_and_changed_text_with_line_numbers():
    text = f"Lukashenkoâ€™s aide spoke.\n{STORY}\nLeave a Comment\nSource link\n"
    listing = explain(clean(text), text).splitlines()
    assert "line 1  changed  encoding.ftfy  'â€™' -> '’'" in listing
    assert "line 4  removed  comment_form.leave_comment  'Leave a Comment'" in listing
    assert "line 5  to meta  source_link.source_line  'Source link'" in listing
    assert not any("whitespace." in line for line in listing)


def test_explain_can_show_whitespace_changes_and_rule_descriptions():
    text = f"{STORY}\n\n\nLeave a Comment\n"
    rules = RuleSet.load()
    listing = explain(clean(text), text, rules, whitespace=True)
    assert "whitespace." in listing
    description = rules.get("comment_form.leave_comment").description
    assert f"({description})" in listing


def test_explain_lists_flags():
    text = "Some text.\n"
    result = Cleaned("x", text, flags=(Flag("check.odd", 0, 4, "Some", "looks odd"),))
    assert explain(result, text) == "line 1  flag  check.odd  'Some': looks odd"


def test_explain_shortens_long_text_and_shows_line_breaks():
    text = "x" * 50 + "\n" + "y" * 200 + "\n"
    result = Cleaned("x", "", (Change("other.long", 0, len(text), text, ""),))
    [line] = explain(result, text).splitlines()
    assert "…" in line and "⏎" in line and len(line) < 200


def test_rule_counts_add_up_changes_per_rule():
    results = [clean(f"[ad_1]\n{STORY}"), clean(f"[ad_1] [ad_2]\n{STORY}")]
    counts = rule_counts(results)
    assert counts["ad_placeholder.ad_n"] == 3
