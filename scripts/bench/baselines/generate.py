#!/usr/bin/python3
"""The original Hello Deep Learning generators, as a Python user runs them (PIL, random, json).

Equivalent to the original project's shape_images.py, sentiment_text.py and random_tabular.py:
the same drawing calls, file names, word lists and rules, with the data folder and sizes as
arguments so the benchmark can point it at a scratch folder.

    generate.py shapes|text|tabular DATA_DIR [--count N] [--rows N]
"""
import argparse
import json
import os
import random

from PIL import Image, ImageDraw

POSITIVE = ["great", "excellent", "good", "fantastic", "nice", "happy", "superb", "awesome", "pleasing",
            "delightful", "cherubic", "spectacular", "wonderful", "pleasant"]
NEGATIVE = ["terrible", "horrible", "awful", "atrocious", "bad", "horrendous", "heinous", "distressing", "baleful",
            "nauseating", "terrifying", "stupid", "dumb", "appauling", "stupefying"]


def shapes(data, count):
    circles = os.path.join(data, "shapes", "circles")
    rects = os.path.join(data, "shapes", "rectangles")
    os.makedirs(circles, exist_ok=True)
    os.makedirs(rects, exist_ok=True)
    for i in range(count):
        x, y, r = random.randint(150, 350), random.randint(150, 350), random.randint(10, 100)
        img = Image.new("RGB", (500, 500))
        ImageDraw.Draw(img).ellipse((x - r, y - r, x + r, y + r), fill=(255, 0, 0, 0))
        img.save(os.path.join(circles, f"circle_{i}.png"))
    for i in range(count):
        x, y = random.randint(0, 350), random.randint(0, 350)
        w, h = random.randint(50, 150), random.randint(50, 150)
        img = Image.new("RGB", (500, 500))
        ImageDraw.Draw(img).rectangle([(x, y), (x + w, y + h)], fill="#ffff33", outline="red")
        img.save(os.path.join(rects, f"rectangle_{i}.png"))


def text(data, count):
    for label, words in (("positive", POSITIVE), ("negative", NEGATIVE)):
        folder = os.path.join(data, "sentiment_text", label)
        os.makedirs(folder, exist_ok=True)
        for i in range(count):
            with open(os.path.join(folder, f"{i}.txt"), "w") as f:
                f.write(" ".join(random.choice(words) for _ in range(5)))


def tabular(data, rows):
    out = []
    for _ in range(rows):
        a, b, c, d, e, f = (random.randint(0, 100) for _ in range(6))
        y = 0
        if a < 5 and b > 90:
            y = 1
        elif b > 50 and (c > 10 and c < 30):
            y = 2
        elif c < 3 or c > 97:
            y = 3
        elif d > 60 and d < 90:
            y = 4
        elif e > 80 and e < 90:
            y = 5
        elif f > 10 and f < 25:
            y = 6
        out.append({"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "y": y})
    folder = os.path.join(data, "random_tabular")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "data.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=["shapes", "text", "tabular"])
    parser.add_argument("data")
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    if args.which == "shapes":
        shapes(args.data, args.count or 200)
    elif args.which == "text":
        text(args.data, args.count or 1000)
    else:
        tabular(args.data, args.rows)
