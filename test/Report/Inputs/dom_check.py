#!/usr/bin/env python3
"""Checks the DOM of a plan report after its script ran (chromium
--dump-dom): the page says it drew (data-rendered="ok") with no script error,
and what it drew matches the plans embedded in it: a box per step of every
pipeline timeline, a row per stage and per op, a cell per device coloured by
the stage that holds it. With --sorted KEY: every op table is sorted by that
op field, largest first.

usage: dom_check.py DOM.html [--sorted KEY]"""
import json
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.body = {}
        self.errors = 0
        self.data_text = None
        self._in_data = False
        self.boxes, self.stage_rows, self.op_rows, self.cells = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "body":
            self.body = a
        if a.get("id") == "ap-error":
            self.errors += 1
        if tag == "script" and a.get("id") == "ap-plan-data":
            self._in_data = True
        if "tl-box" in classes:
            self.boxes.append(a)
        if tag == "tr" and "stage-row" in classes:
            self.stage_rows.append(a)
        if tag == "tr" and "op-row" in classes:
            self.op_rows.append(a)
        if "cell" in classes:
            self.cells.append(a)

    def handle_endtag(self, tag):
        self._in_data = self._in_data and tag != "script"

    def handle_data(self, data):
        if self._in_data:
            self.data_text = (self.data_text or "") + data


def devices(cluster):
    groups = (cluster or {}).get("groups") or []
    if groups:
        return sum(g["nodes"] * g["gpus_per_node"] for g in groups)
    n = 1
    for d in (cluster or {}).get("mesh") or [1]:
        n *= d
    return n


def fail(msg):
    print("dom check failed: " + msg)
    sys.exit(1)


def main():
    dom = Dom()
    dom.feed(open(sys.argv[1], encoding="utf-8").read())
    sorted_key = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--sorted" else None
    if dom.body.get("data-rendered") != "ok":
        fail("data-rendered is %r" % dom.body.get("data-rendered"))
    if dom.errors:
        fail("the page shows a script error")
    data = json.loads(dom.data_text)
    plans = data["plans"]
    pipelines = [p for p in plans if "timeline" in p]
    boxes = sum(2 * p["plan"]["micro_batches"] * len(p["plan"]["stages"]) for p in pipelines)
    stages = sum(len(p["plan"]["stages"]) for p in pipelines)
    functions = [f for p in plans for f in p["plan"].get("functions", [])]
    ops = sum(len(f["ops"]) for f in functions)
    if pipelines:
        cells = sum(devices(p["cluster"]) for p in pipelines)
    else:
        cells = devices(plans[0]["cluster"]) if functions else 0
    got = (len(dom.boxes), len(dom.stage_rows), len(dom.op_rows), len(dom.cells))
    if got != (boxes, stages, ops, cells):
        fail("drew %d boxes, %d stage rows, %d op rows, %d cells; expected %d, %d, %d, %d"
             % (got + (boxes, stages, ops, cells)))
    # Each device cell carries the stage whose submesh holds it.
    at = 0
    for p in pipelines:
        for d in range(devices(p["cluster"])):
            want = ""
            for k, st in enumerate(p["plan"]["stages"]):
                if st["first_device"] <= d < st["first_device"] + st["submesh"][0] * st["submesh"][1]:
                    want = str(k)
            if dom.cells[at].get("data-stage", "") != want or dom.cells[at].get("data-device") != str(d):
                fail("device %d is drawn in stage %r, not %r" % (d, dom.cells[at].get("data-stage"), want))
            at += 1
    print("dom ok: %d boxes, %d stage rows, %d op rows, %d device cells" % got)
    if sorted_key:
        at = 0
        for f in functions:
            rows = dom.op_rows[at:at + len(f["ops"])]
            at += len(f["ops"])
            keys = [f["ops"][int(r["data-index"])][sorted_key] for r in rows]
            if keys != sorted(keys, reverse=True) or len(set(int(r["data-index"]) for r in rows)) != len(rows):
                fail("@%s is not sorted by %s" % (f["function"], sorted_key))
        print("op tables sorted by %s" % sorted_key)


if __name__ == "__main__":
    main()
