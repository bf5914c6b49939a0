"""`frontwatch extract`: text (or JSON lines) in, the extraction as JSON out, for scripts.

The output is JSON exactly as `feeds.extract.extraction_to_json` gives it, never styled.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from feeds.commands.setup import load_gazetteer
from feeds.extract import Extractor, extraction_to_json

__all__ = ["run"]


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    extractor = Extractor(load_gazetteer())
    if not args.jsonl:
        result = extraction_to_json(extractor.extract(stdin.read()), None)
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    status = 0
    for n, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("expected a JSON object")
            text = item.get("text") or ""
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
        except ValueError as exc:
            print(f"frontwatch extract: line {n}: {exc}", file=sys.stderr)
            stdout.write(json.dumps({"id": None, "error": f"line {n}: {exc}"}) + "\n")
            status = 1
            continue
        result = extraction_to_json(extractor.extract(text), item.get("id"))
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
    return status
