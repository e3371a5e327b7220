#!/usr/bin/env python3
"""Writes N synthetic articles as NDJSON for benches/import.sh (deterministic, own words).

    gen_ndjson.py N [--body-words W] > articles.ndjson

Each article has a title, a body of about W words (Markdown paragraphs), an externalId, a
publication time, one of 12 agencies as a source object and 1-4 tags as objects; bodies
mention places and people so auto-tagging has work to do.
"""
import json
import random
import sys

WORDS = ("officials said the council would review plans for new housing near the harbour "
         "while ministers met on trade energy prices and the budget after talks late into "
         "the night residents welcomed the decision but critics warned of delays in the "
         "coming months as costs rose and exports fell in the third quarter").split()
PLACES = ["Tehran", "Moscow", "Ankara", "Cairo", "Lagos", "Lima", "Oslo", "Hanoi", "Quito", "Accra"]
PEOPLE = ["Mara Castell", "Idris Okafor", "Lena Varga", "Tomas Reyes", "Anya Petrova"]
TOPICS = ["Energy", "Housing", "Trade", "Budget", "Transport", "Health", "Climate", "Elections"]
AGENCIES = [(f"Agency {c}", f"AG{c}") for c in "ABCDEFGHIJKL"]


def main():
    n = int(sys.argv[1])
    words = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--body-words" else 400
    rng = random.Random(7)
    out = sys.stdout
    for i in range(n):
        place = rng.choice(PLACES)
        person = rng.choice(PEOPLE)
        paragraphs = []
        left = words
        while left > 0:
            k = min(left, rng.randint(40, 90))
            text = " ".join(rng.choice(WORDS) for _ in range(k))
            if rng.random() < 0.3:
                text += f" in {place}"
            if rng.random() < 0.2:
                text += f", {person} said"
            paragraphs.append(text.capitalize() + ".")
            left -= k
        name, short = AGENCIES[i % len(AGENCIES)]
        tags = [{"name": t, "kind": "TOPIC"} for t in rng.sample(TOPICS, rng.randint(1, 3))]
        tags.append({"name": place, "kind": "PLACE"})
        article = {
            "title": f"{rng.choice(TOPICS)} talks in {place}, report {i}",
            "body": "\n\n".join(paragraphs),
            "externalId": f"bench-{i}",
            "publishedAt": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
            "byline": person,
            "source": {"name": name, "shortName": short},
            "tags": tags,
        }
        out.write(json.dumps(article, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
