#!/usr/bin/env python3
"""Writes a SAMPLE recipe for load measurements: N invented agencies (2-3 channels each, 200-character texts)
and N/5 decision nodes that reference them, as a tree: N/500 entry situations (at least one), each node with up to
four child situations, four or five levels deep; the first branch is the largest (341 of 2,000 nodes at N = 10,000). Every name says "サンプル" / "sample"; none of it is real data.
Usage: generate-sample.py N OUTPUT [--touch K]   (--touch changes K agencies' descriptions, for publish tests)"""
import hashlib
import json
import sys

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def ident(*parts):
    """A stable 26-character id in the engine's alphabet, derived from the parts (same input, same id)."""
    digest = hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()
    return "".join(ALPHABET[b % 32] for b in digest[:26])


def text(seed, length=200):
    base = f"サンプル{seed}の説明文。これは負荷測定用に生成した架空のデータで、実在の窓口ではありません。"
    return (base * (length // len(base) + 1))[:length]


KINDS = [("電話", "000-0000-{:04d}"), ("Webサイト", "https://sample.invalid/{:05d}"), ("メール", "sample{:05d}@sample.invalid"),
         ("チャット", "https://chat.sample.invalid/{:05d}"), ("対面", "サンプル市 {:05d} 番地")]
STAMP = "2026-11-29T00:00:00Z"


def item(content_type, cid, vid, title, body):
    value = {"ContentItemId": cid, "ContentItemVersionId": vid, "ContentType": content_type, "DisplayText": title,
             "Latest": True, "Published": True, "ModifiedUtc": STAMP, "PublishedUtc": STAMP, "CreatedUtc": STAMP,
             "Owner": "", "Author": "sample", "TitlePart": {"Title": title}}
    value.update(body)
    return value


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    touch = int(sys.argv[sys.argv.index("--touch") + 1]) if "--touch" in sys.argv else 0
    agencies = []
    channels = 0
    for a in range(n):
        cid = ident("agency", a)
        bag = []
        for c in range(2 + a % 2):
            kind, pattern = KINDS[(a + c) % len(KINDS)]
            value = pattern.format(a % 10000) if "{:04d}" in pattern else pattern.format(a)
            bag.append({"ContentItemId": ident("channel", a, c), "ContentItemVersionId": ident("channel-v", a, c),
                        "ContentType": "Channel", "DisplayText": f"{kind} {value}",
                        "Channel": {"Kind": {"Text": kind}, "Value": {"Text": value}, "Label": {"Text": f"サンプル窓口 {a}-{c}"},
                                    "LastVerified": {"Value": None}}})
        channels += len(bag)
        description = text(a) if a >= touch else text(f"{a}-改", 200)
        vid = ident("agency-v", a) if a >= touch else ident("agency-v2", a)
        agencies.append(item("Agency", cid, vid, f"サンプル相談窓口 {a:06d}", {
            "Agency": {"Operator": {"Text": f"サンプル運営者 {a % 97}"}, "Description": {"Text": description},
                       "Website": {"Url": f"https://sample.invalid/{a}", "Text": f"sample.invalid/{a}"}, "SortOrder": {"Value": a}},
            "Channels": {"ContentItems": bag},
            "AutoroutePart": {"Path": f"agencies/sample-{a:06d}", "SetHomepage": False, "Disabled": False,
                              "RouteContainedItems": False, "Absolute": False},
            "LocalizationPart": {"LocalizationSet": ident("agency-set", a), "Culture": "ja-JP"}}))
    nodes = []
    count = max(1, n // 5)
    entries = max(1, count // 100)
    for d in range(count):
        refs = [ident("agency", (d * 5 + k) % n) for k in range(5)]
        # Node d's children are entries + 4d .. entries + 4d + 3: every node is in exactly one entry's branch.
        children = [ident("node", c) for c in range(entries + 4 * d, min(count, entries + 4 * d + 4))]
        nodes.append(item("DecisionNode", ident("node", d), ident("node-v", d), f"サンプルの状況 {d:06d}：{text(d, 40)}", {
            "DecisionNode": {"IsEntry": {"Value": d < entries}, "SortOrder": {"Value": 1000 + d},
                             "Children": {"ContentItemIds": children}, "Agencies": {"ContentItemIds": refs}},
            "AutoroutePart": {"Path": f"guide/sample-{d:06d}", "SetHomepage": False, "Disabled": False,
                              "RouteContainedItems": False, "Absolute": False},
            "LocalizationPart": {"LocalizationSet": ident("node-set", d), "Culture": "ja-JP"}}))
    recipe = {"name": "sample-scale", "displayName": "Sample data for load measurements (invented)", "description": "",
              "author": "", "website": "", "version": "", "issetuprecipe": False, "categories": [], "tags": [],
              "steps": [{"name": "Content", "data": agencies + nodes}]}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(recipe, f, ensure_ascii=False, separators=(",", ":"))
    print(f"{n} agencies, {channels} channels, {count} nodes under {entries} entry situations")


main()
