"""Summarise what each flow asked of the node, from a dry run (`run.sh --mock --keep`).

    python trace_summary.py SCRATCH_DIR            # the directory run.sh printed

Reads SCRATCH_DIR/mock-requests.jsonl (the fake node's request log) and the flow start times in
SCRATCH_DIR/{sdk,btcli}.log (lines `---- <flow> @<unix time>`), and prints per flow: JSON-RPC
methods, storage items, runtime APIs and submitted calls. Standard library only.
"""
import json
import re
import sys
from collections import OrderedDict
from pathlib import Path

SKIP_METHODS = {"state_getStorage", "state_getStorageAt", "state_queryStorageAt", "state_getKeys",
                "state_getKeysPaged", "state_call"}


def flow_starts(scratch: Path) -> list:
    starts = []
    for name in ("sdk", "btcli"):
        log = scratch / f"{name}.log"
        if log.exists():
            for m in re.finditer(r"^---- (\S+) @([\d.]+)$", log.read_text(errors="replace"), re.M):
                starts.append((float(m.group(2)), m.group(1)))
    return sorted(starts)


def summarise(scratch: Path) -> "OrderedDict[str, dict]":
    starts = flow_starts(scratch)
    out: "OrderedDict[str, dict]" = OrderedDict((flow, {"methods": set(), "storage": set(), "apis": set(),
                                                        "calls": []}) for _, flow in starts)
    for line in (scratch / "mock-requests.jsonl").read_text().splitlines():
        entry = json.loads(line)
        t = entry.get("t")
        if t is None:
            continue
        current = [flow for start, flow in starts if start <= t]
        if not current:
            continue
        s = out[current[-1]]
        if "submitted" in entry:
            call = entry["submitted"].get("call")
            s["calls"].append(".".join(call) if call else f"undecodable: {entry['submitted'].get('error')}")
            continue
        method = entry.get("method")
        if method and method not in SKIP_METHODS:
            s["methods"].add(method)
        if entry.get("api"):
            s["apis"].add(entry["api"])
        if entry.get("item"):
            s["storage"].add(".".join(entry["item"]))
        for item in entry.get("items") or []:
            if item != "None":
                s["storage"].add(".".join(re.findall(r"'([^']+)'", item)))
    return out


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for flow, s in summarise(Path(sys.argv[1])).items():
        print(f"## {flow}")
        print(f"  submits : {', '.join(s['calls']) or '-'}")
        print(f"  apis    : {', '.join(sorted(s['apis'])) or '-'}")
        print(f"  storage : {', '.join(sorted(s['storage'])) or '-'}")
        print(f"  methods : {', '.join(sorted(s['methods'])) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
