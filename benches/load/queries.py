#!/usr/bin/env python3
"""Prints COUNT search paths for the load test, one a line: words drawn from the simulated
web's English niche vocabulary (src/sim/vocab/en.rs), in five kinds (one word, two words,
a platform filter, a followers filter, a second page), seeded so every run asks the same."""

import random
import re
import sys
import urllib.parse
from pathlib import Path

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
source = Path(__file__).resolve().parents[2] / "src/sim/vocab/en.rs"
text = source.read_text()
words = []
for block in re.findall(r"words: &\[(.*?)\]", text, re.S):
    words.extend(re.findall(r'"([^"]+)"', block))
if not words:
    sys.exit(f"no vocabulary found in {source}")

rng = random.Random(6)
platforms = ["mastodon", "bluesky", "youtube", "web"]
seen = set()
while len(seen) < count:
    kind = len(seen) % 5
    query = {"q": rng.choice(words)}
    if kind == 1:
        query["q"] = f"{rng.choice(words)} {rng.choice(words)}"
    elif kind == 2:
        query["platform"] = rng.choice(platforms)
    elif kind == 3:
        query["min_followers"] = rng.choice([1000, 5000, 10000])
    elif kind == 4:
        query["offset"] = 10
    path = "/v1/search?" + urllib.parse.urlencode(query) + "&limit=10"
    if path not in seen:
        seen.add(path)
        print(path)
