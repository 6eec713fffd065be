#!/usr/bin/env python3
"""check_escaping.py FORMAT FILE — read a report written from an evidence
tree full of hostile strings (t_output_safety.sh) the way its consumer
would, and print one line per escaping problem, or "ok".

Every hostile string carries the marker tag <hta-pwn a="1">. A report is
safe when no consumer sees markup, structure or control sequences that came
from the user's text: no raw control character (a terminal escape), no
hta-pwn element in HTML or XML, no broken JSON, CSV row or Markdown table,
no line starting with a formula's '=' that the text smuggled in, and no
spreadsheet formula in a CSV cell. Where the format shows the text, it
must show it whole ('<hta-pwn a="1">' decoded back).
"""
import csv
import html.parser
import io
import json
import re
import sys
import xml.etree.ElementTree as ET

MARK = '<hta-pwn a="1">'
problems = []


def problem(msg):
    problems.append(msg)


def no_controls(text):
    for i, ch in enumerate(text):
        o = ord(ch)
        if (o < 0x20 and ch not in "\n\r\t") or o == 0x7F or 0x80 <= o <= 0x9F:
            line = text.count("\n", 0, i) + 1
            problem(f"raw control character U+{o:04X} on line {line}")
            return


def strings(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif isinstance(node, str):
        yield node


def check_json(text, fmt):
    try:
        doc = json.loads(text)
    except ValueError as e:
        problem(f"not JSON: {e}")
        return
    vals = list(strings(doc))
    if fmt == "json" and not any(MARK in v for v in vals):
        problem("the hostile text is not in the JSON report, decoded")
    for v in vals:
        # whole, or percent-encoded as a URI (SARIF locations) — not cut
        if "hta-pwn" in v and MARK not in v and "%3Chta-pwn%20a%3D%221%22%3E" not in v:
            problem(f"hostile text mangled: {v[:80]!r}")


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.data, self.hrefs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("href", "src") and v and v.strip().lower().startswith("javascript:"):
                self.hrefs.append(v)

    def handle_data(self, data):
        self.data.append(data)


def check_html(text):
    p = Tags()
    p.feed(text)
    p.close()
    for bad in ("hta-pwn", "x"):
        if bad in p.tags:
            problem(f"a <{bad}> element from user text")
    if p.hrefs:
        problem(f"javascript: link from user text: {p.hrefs[0]!r}")
    if MARK not in "".join(p.data):
        problem("the hostile text is not shown, decoded")


def check_xml(text):
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        problem(f"not well-formed XML: {e}")
        return
    seen = False
    for el in root.iter():
        if "hta-pwn" in el.tag:
            problem("an hta-pwn element from user text")
        for v in [el.text or "", el.tail or ""] + list(el.attrib.values()):
            seen = seen or MARK in v
    if not seen:
        problem("the hostile text is not in the XML, decoded")


def check_csv(text):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        problem("no rows")
        return
    width = len(rows[0])
    for n, r in enumerate(rows[1:], 2):
        if len(r) != width:
            problem(f"row {n} has {len(r)} fields, the header {width}")
        for c in r:
            if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not re.fullmatch(r"-[0-9.]*", c)):
                problem(f"a formula-like cell in row {n}: {c[:40]!r}")
    if not any(MARK in c for r in rows for c in r):
        problem("the hostile text is not in a cell, whole")


def pipes(line):
    # table cell separators: '|' not backslash-escaped and not in a code span
    line = re.sub(r"\\.", "", line)
    line = re.sub(r"`[^`]*`", "", line)
    return line.count("|")


def check_md(text):
    if re.search(r"(?<!\\)<hta-pwn", text):
        problem("raw <hta-pwn> markup in Markdown")
    lines = text.split("\n")
    width = None
    for n, l in enumerate(lines, 1):
        if l.startswith("|"):
            w = pipes(l)
            if width is None:
                width = w
            elif w != width:
                problem(f"table row on line {n} has {w} cell separators, the header {width}")
        else:
            width = None


def check_lines(text):
    # the hostile text holds a newline followed by '=cmd|': it must not
    # start a line of its own in a line-oriented format (text, Markdown)
    for n, l in enumerate(text.split("\n"), 1):
        if l.lstrip().startswith("=cmd|"):
            problem(f"user text broke out onto line {n}")
            return


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"not UTF-8: {e}")
        return
    no_controls(text)
    if fmt in ("text", "md", "markdown"):
        check_lines(text)
    if fmt in ("json", "sarif") or fmt.startswith("oscal"):
        check_json(text, fmt)
    elif fmt == "html":
        check_html(text)
    elif fmt in ("junit", "xml"):
        check_xml(text)
    elif fmt == "csv":
        check_csv(text)
    elif fmt in ("md", "markdown"):
        check_md(text)
    print("\n".join(problems) if problems else "ok")


main()
