"""Regenerate the pictures in docs/images/synthetic/ (synthetic prints only).

.venv/bin/python docs/images/synthetic/make_images.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from securecomm.audit.transparency import capture
from securecomm.biometrics.synthetic import PatternClass, generate_master, render_impression

HERE = Path(__file__).resolve().parent
SEED = 2026
ENDING, FORK, POINT = (220, 30, 30), (30, 60, 220), (0, 150, 60)


def _rgb(gray: np.ndarray) -> Image.Image:
    return Image.fromarray(gray).convert("RGB")


def _draw_minutiae(image: Image.Image, xs, ys, directions, kinds, scale: float = 1.0) -> None:
    draw = ImageDraw.Draw(image)
    for x, y, a, k in zip(xs, ys, directions, kinds, strict=True):
        x, y = x * scale, y * scale
        colour = ENDING if k == 1 else FORK
        draw.ellipse([x - 4, y - 4, x + 4, y + 4], outline=colour, width=2)
        draw.line([x, y, x + 12 * np.cos(a), y - 12 * np.sin(a)], fill=colour, width=2)


def _label(image: Image.Image, text: str) -> Image.Image:
    ImageDraw.Draw(image).rectangle([0, 0, 8 * len(text) + 8, 16], fill=(255, 255, 255))
    ImageDraw.Draw(image).text((4, 2), text, fill=(0, 0, 0))
    return image


def masters() -> None:
    tiles = []
    for index, pattern in enumerate(PatternClass):
        master = generate_master(SEED, identity=index, finger=2, pattern_class=pattern)
        gray = np.where(master.area, 205 - (master.ridges > 0) * 150, 255).astype(np.uint8)
        image = _rgb(gray)
        m = master.minutiae
        _draw_minutiae(image, m.x, m.y, m.direction, m.kind)
        draw = ImageDraw.Draw(image)
        for p in master.singular_points:
            draw.rectangle([p.x - 6, p.y - 6, p.x + 6, p.y + 6], outline=POINT, width=3)
        tiles.append(np.asarray(_label(image, pattern.value.replace("_", " "))))
    Image.fromarray(np.hstack(tiles)).save(HERE / "masters.png", optimize=True)


def growth() -> None:
    with capture({"synthetic-ridge-seeds", "synthetic-ridge-growth"}) as seen:
        master = generate_master(SEED, identity=7, finger=1, pattern_class=PatternClass.WHORL)
    steps = [seen.last("synthetic-ridge-seeds"), *seen.data["synthetic-ridge-growth"]]
    picks = [0, 2, 4, 7, len(steps) - 1]
    tiles = []
    for i in picks:
        gray = ((1 - steps[i]) * 127.5).astype(np.uint8)
        gray[~master.area] = np.maximum(gray[~master.area], 235)
        tiles.append(np.asarray(_label(_rgb(gray), "seeds" if i == 0 else f"pass {i}")))
    Image.fromarray(np.hstack(tiles)).save(HERE / "growth.png", optimize=True)


def impressions() -> None:
    master = generate_master(SEED, identity=3, finger=7)
    tiles = []
    for k in range(1, 5):
        impression = render_impression(master, seed=SEED, impression=k)
        image = _rgb(impression.image)
        m = impression.minutiae
        _draw_minutiae(image, m.x, m.y, m.direction, m.kind)
        tiles.append(np.asarray(_label(image, f"impression {k}")))
    Image.fromarray(np.hstack(tiles)).save(HERE / "impressions.png", optimize=True)
    plain = [render_impression(master, seed=SEED, impression=k).image for k in range(1, 5)]
    Image.fromarray(np.hstack(plain)).save(HERE / "impressions-plain.png", optimize=True)


if __name__ == "__main__":
    masters()
    growth()
    impressions()
