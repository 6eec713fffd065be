#!/usr/bin/env python3
"""report_probe.py KIND FILE [ARGS] — read one report file the way its
consumer would (a CSV reader, an XML parser, a JSON parser, a PNG decoder)
and print plain facts about it, one per line, for the e2e tests to compare.
It never decides pass or fail itself: the tests hold the expected values.

  csv-summary FILE        rows, CRLF line ends, columns, formula-like cells
  csv-cell FILE ID COL    one parsed cell
  junit FILE              totals, suites, then one line per testcase
  sarif FILE              rules, then one line per result
  oscal FILE              document kind, counts, uuid checks, then items
  oscal-catalog FILE      control count and ids
  png FILE                size, distinct colours, share of non-white pixels,
                          pixels close to a colour given as RRGGBB (ARGS)
"""
import csv
import io
import json
import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def csv_rows(path):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    return raw, list(csv.reader(io.StringIO(text, newline="")))


def csv_summary(path):
    raw, rows = csv_rows(path)
    lines = raw.split(b"\n")
    bare_lf = sum(1 for l in lines[:-1] if not l.endswith(b"\r"))
    print(f"rows={len(rows) - 1}")
    print(f"columns={len(rows[0])}")
    print(f"same_width={int(all(len(r) == len(rows[0]) for r in rows))}")
    crlf = int(bare_lf == 0 and raw.endswith(b"\r\n"))
    print(f"crlf={crlf}")
    danger = sum(1 for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r"))
    print(f"formula_cells={danger}")


def csv_cell(path, rid, col):
    _, rows = csv_rows(path)
    head = rows[0]
    for r in rows[1:]:
        if r[0] == rid:
            print(r[head.index(col)])
            return
    print("(no row)")


def junit(path):
    root = ET.parse(path).getroot()
    print(f"root={root.tag} tests={root.get('tests')} failures={root.get('failures')} "
          f"skipped={root.get('skipped')} errors={root.get('errors')}")
    for s in root.findall("testsuite"):
        props = {p.get("name"): p.get("value") for p in s.findall("properties/property")}
        print(f"suite {s.get('name')}|tests={s.get('tests')}|failures={s.get('failures')}"
              f"|skipped={s.get('skipped')}|result={props.get('result')}")
    for tc in root.iter("testcase"):
        f, sk = tc.find("failure"), tc.find("skipped")
        if f is not None:
            state = f"failure|{f.get('type')}|{f.get('message')}|{(f.text or '').strip()}"
        elif sk is not None:
            state = f"skipped|{sk.get('message')}"
        else:
            state = "pass"
        print(f"case {tc.get('classname')}|{tc.get('name')}|{state}")


def sarif(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    run = d["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    print(f"version={d['version']} runs={len(d['runs'])} results={len(run['results'])}")
    print("base=" + run["originalUriBaseIds"]["EVIDENCE_ROOT"]["uri"])
    print("rules=" + ",".join(rules))
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        art = loc["artifactLocation"]
        line = loc.get("region", {}).get("startLine", "-")
        logical = r["locations"][0].get("logicalLocations", [{}])[0].get("name", "-")
        idx_ok = rules[r["ruleIndex"]] == r["ruleId"] if "ruleIndex" in r else False
        sup = ",".join(s["status"] for s in r.get("suppressions", [])) or "-"
        print(f"result {r['ruleId']}|{r['level']}|{art['uriBaseId']}:{art['uri']}|{line}|"
              f"{logical}|index_ok={int(idx_ok)}|suppressed={sup}|{r['message']['text']}")


def walk(o, fn):
    if isinstance(o, dict):
        fn(o)
        for v in o.values():
            walk(v, fn)
    elif isinstance(o, list):
        for v in o:
            walk(v, fn)


def oscal(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    kind = next(iter(d))
    doc = d[kind]
    uuids, refs = [], []

    def collect(o):
        if "uuid" in o:
            uuids.append(o["uuid"])
        for k in ("observation-uuid", "risk-uuid", "finding-uuid"):
            if k in o:
                refs.append(o[k])
    walk(doc, collect)
    print(f"kind={kind}")
    print(f"uuids_unique={int(len(uuids) == len(set(uuids)))}")
    print(f"refs_resolve={int(all(r in set(uuids) for r in refs))} refs={len(refs)}")
    if kind == "assessment-results":
        res = doc["results"][0]
        print(f"findings={len(res.get('findings', []))} observations="
              f"{len(res.get('observations', []))} risks={len(res.get('risks', []))}")
        ctl = res["reviewed-controls"]["control-selections"][0].get("include-controls", [])
        print(f"reviewed={len(ctl)}")
        props = {p["name"]: p["value"] for p in res.get("props", []) if "group" not in p}
        print(f"verdict={props.get('verdict')}")
        for fd in res.get("findings", []):
            t = fd["target"]
            print(f"finding {t['target-id']}|{t['status']['state']}|"
                  f"{t.get('implementation-status', {}).get('state', '-')}|"
                  f"risks={len(fd.get('related-risks', []))}")
        for r in res.get("risks", []):
            print(f"risk {r['title']}|{r['status']}")
    elif kind == "plan-of-action-and-milestones":
        items = doc["poam-items"]
        print(f"items={len(items)} risks={len(doc.get('risks', []))} "
              f"observations={len(doc.get('observations', []))}")
        for it in items:
            props = {p["name"]: p["value"] for p in it.get("props", [])}
            print(f"item {it['title']}|rank={props.get('rank', '-')}|owner={props.get('owner', '-')}"
                  f"|cap={props.get('cap-required', '-')}|uuid={it['uuid']}")


def oscal_catalog(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    ids, prose = [], {}

    def collect(o):
        if o.get("class") == "requirement-statement":
            ids.append(o["id"])
            for p in o.get("parts", []):
                if p.get("name") == "statement":
                    prose[o["id"]] = p.get("prose", "")
    walk(d["catalog"], collect)
    print(f"controls={len(ids)}")
    print("ids=" + ",".join(sorted(ids)))
    for i in sorted(prose):
        print(f"prose {i}|{prose[i]}")


def png(path, want=None):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6) and interlace == 0, "unsupported PNG"
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours, nonwhite, near = set(), 0, 0
    target = tuple(int(want[i:i + 2], 16) for i in (0, 2, 4)) if want else None
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ft == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ft == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif ft == 3:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((a + prev[i]) >> 1)) & 255
        elif ft == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        for x in range(0, stride, bpp):
            px = bytes(line[x:x + 3])
            colours.add(px)
            if px != b"\xff\xff\xff":
                nonwhite += 1
            if target and all(abs(px[k] - target[k]) <= 12 for k in range(3)):
                near += 1
        prev = line
    print(f"size={w}x{h}")
    print(f"colours={len(colours)}")
    print(f"nonwhite_permille={nonwhite * 1000 // (w * h)}")
    print(f"near={near}")


def main(argv):
    kind, path = argv[1], argv[2]
    if kind == "csv-summary":
        csv_summary(path)
    elif kind == "csv-cell":
        csv_cell(path, argv[3], argv[4])
    elif kind == "junit":
        junit(path)
    elif kind == "sarif":
        sarif(path)
    elif kind == "oscal":
        oscal(path)
    elif kind == "oscal-catalog":
        oscal_catalog(path)
    elif kind == "png":
        png(path, argv[3] if len(argv) > 3 else None)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
