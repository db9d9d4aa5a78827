"""Synthetic road scenes with their true boxes, for trying a detector without a labeled dataset.

    /usr/bin/python3 roads.py --images DIR --truth truth.json --count 300 --seed 1

Each scene is a 96×64 colour PNG: sky, a road in perspective with lane markings, verges, shadows, lighting and noise;
0–3 cars (a body of one of a few colours, windows, wheels) and 0–2 persons (head, shirt, legs), larger nearer the
bottom. The truth file maps each image's name under DIR to its boxes, [{label, x, y, width, height}] in pixels
(top-left corner and size), as an annotator would draw them. Some colours are shared on purpose (white cars and lane
markings, black cars, shadows and legs, red cars and red shirts), so a detector is not sure of everything.
"""
import argparse
import json
import pathlib
import sys

import cv2
import numpy as np

WIDTH, HEIGHT = 96, 64
CLASSES = ["car", "person"]

CAR_COLOURS = [(200, 35, 35), (40, 70, 200), (225, 225, 225), (30, 30, 35), (215, 185, 40)]
SHIRT_COLOURS = [(190, 40, 40), (40, 150, 60), (230, 120, 30), (130, 50, 160), (40, 60, 150)]
SKIN_COLOURS = [(225, 185, 150), (170, 120, 85), (110, 75, 50)]


def scene(rng):
    """One scene: its image (RGB, uint8) and its boxes [{label, x, y, width, height}]."""
    image = np.zeros((HEIGHT, WIDTH, 3), np.float32)
    horizon = int(rng.integers(14, 21))
    vanish_x = WIDTH / 2 + rng.uniform(-12, 12)
    sky = np.array([150, 180, 215]) * rng.uniform(0.85, 1.1)
    image[:horizon] = sky
    verge = np.array([70, 120, 50]) if rng.random() < 0.6 else np.array([140, 120, 80])
    image[horizon:] = verge * rng.uniform(0.8, 1.2)

    half_bottom = rng.uniform(40, 60)  # half the road's width at the bottom edge

    def road_edges(y):
        t = (y - horizon) / (HEIGHT - horizon)
        return vanish_x - t * half_bottom, vanish_x + t * half_bottom

    road = np.array([1, 1, 1]) * rng.uniform(85, 125)
    for y in range(horizon, HEIGHT):
        left, right = road_edges(y)
        image[y, max(0, int(left)):min(WIDTH, int(right) + 1)] = road + rng.normal(0, 3)
    draw_markings(image, rng, horizon, vanish_x, road_edges)
    for _ in range(rng.integers(0, 3)):  # shadows of trees and buildings: dark patches
        centre = (int(rng.uniform(0, WIDTH)), int(rng.uniform(horizon + 4, HEIGHT)))
        mask = np.zeros((HEIGHT, WIDTH), np.float32)
        cv2.ellipse(mask, centre, (int(rng.uniform(4, 14)), int(rng.uniform(2, 6))), 0, 0, 360, 1.0, -1)
        image *= (1 - 0.55 * mask)[..., None]

    boxes = []
    taken = []
    for label, count in (("car", rng.choice(4, p=[0.25, 0.35, 0.25, 0.15])),
                         ("person", rng.choice(3, p=[0.5, 0.35, 0.15]))):
        for _ in range(count):
            box = place(rng, label, horizon, road_edges, taken)
            if box is None:
                continue
            taken.append(box)
            (draw_car if label == "car" else draw_person)(image, rng, *box)
            boxes.append({"label": label, "x": box[0], "y": box[1], "width": box[2], "height": box[3]})

    image *= rng.uniform(0.75, 1.15)  # the day's light
    image += rng.normal(0, 5, image.shape)
    image = cv2.GaussianBlur(np.clip(image, 0, 255), (3, 3), 0.6)
    return np.clip(image, 0, 255).astype(np.uint8), boxes


def draw_markings(image, rng, horizon, vanish_x, road_edges):
    edge = (235, 235, 235) if rng.random() < 0.5 else (225, 195, 50)
    for y in range(horizon + 2, HEIGHT):
        left, right = road_edges(y)
        width = max(1, int((y - horizon) / 14))
        for x in (int(left), int(right) - width + 1):
            if 0 <= x < WIDTH:
                image[y, x:min(WIDTH, x + width)] = edge
        if (y // 4) % 2 == 0:  # the dashed centre line
            centre = int(vanish_x + (left + right - 2 * vanish_x) / 2)
            if 0 <= centre < WIDTH:
                image[y, centre:min(WIDTH, centre + width)] = (240, 240, 240)


def place(rng, label, horizon, road_edges, taken):
    """A box for a new object that keeps three pixels from every other, or None after a few tries."""
    for _ in range(25):
        bottom = rng.uniform(horizon + 8, HEIGHT - 1)
        near = (bottom - horizon) / (HEIGHT - horizon)  # 0 at the horizon, 1 at the bottom edge
        if label == "car":
            w = int(round((8 + 22 * near) * rng.uniform(0.85, 1.15)))
            h = max(4, int(round(w * rng.uniform(0.45, 0.65))))
            left, right = road_edges(bottom)
            cx = rng.uniform(left + w / 2, right - w / 2) if right - left > w else (left + right) / 2
        else:
            h = int(round((8 + 12 * near) * rng.uniform(0.85, 1.15)))
            w = max(3, int(round(h * rng.uniform(0.3, 0.42))))
            left, right = road_edges(bottom)
            cx = rng.choice([rng.uniform(left - 14, left + 4), rng.uniform(right - 4, right + 14),
                             rng.uniform(left, right)])
        x, y = int(round(cx - w / 2)), int(round(bottom)) - h
        if x < 0 or y < horizon - 4 or x + w > WIDTH or y + h > HEIGHT:
            continue
        if all(x + w + 3 <= ox or ox + ow + 3 <= x or y + h + 3 <= oy or oy + oh + 3 <= y
               for ox, oy, ow, oh in taken):
            return x, y, w, h
    return None


def draw_car(image, rng, x, y, w, h):
    body = np.array(CAR_COLOURS[rng.integers(len(CAR_COLOURS))]) + rng.normal(0, 12, 3)
    roof, wheel, inset = max(1, int(h * 0.35)), max(1, h // 4), max(1, w // 6)
    image[y:y + roof, x + inset:x + w - inset] = body * 0.95  # the cabin, narrower than the body
    image[y + 1:y + roof, x + inset + 1:x + w - inset - 1] = (60, 70, 90)  # windows
    image[y + roof:y + h - wheel, x:x + w] = body
    image[y + h - wheel:y + h, x:x + w] *= 0.45  # its shadow on the road
    tyre = max(2, w // 4)
    image[y + h - wheel:y + h, x + 1:x + 1 + tyre] = (20, 20, 20)
    image[y + h - wheel:y + h, x + w - 1 - tyre:x + w - 1] = (20, 20, 20)


def draw_person(image, rng, x, y, w, h):
    head = max(2, int(round(h * 0.2)))
    legs = int(round(h * 0.42))
    skin = np.array(SKIN_COLOURS[rng.integers(len(SKIN_COLOURS))])
    shirt = np.array(SHIRT_COLOURS[rng.integers(len(SHIRT_COLOURS))]) + rng.normal(0, 12, 3)
    cv2.ellipse(image, (x + w // 2, y + head // 2), (max(1, w // 2 - 1), max(1, head // 2)), 0, 0, 360,
                skin.tolist(), -1)
    image[y + head:y + h - legs, x:x + w] = shirt
    leg = max(1, w // 2 - 1)
    image[y + h - legs:y + h, x:x + leg] = (40, 40, 60)
    image[y + h - legs:y + h, x + w - leg:x + w] = (40, 40, 60)


def generate(images, count, seed):
    """Writes count scenes as images/road-NNNN.png and returns their boxes by file name."""
    images = pathlib.Path(images)
    images.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    truth = {}
    for i in range(count):
        image, boxes = scene(rng)
        name = f"road-{i:04d}.png"
        cv2.imwrite(str(images / name), cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
        truth[name] = boxes
    return truth


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", required=True, help="folder the PNGs are written to")
    parser.add_argument("--truth", required=True, help="JSON file the true boxes are written to")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    truth = generate(args.images, args.count, args.seed)
    pathlib.Path(args.truth).write_text(json.dumps(truth, indent=1))
    print(f"{args.count} scenes, {sum(len(b) for b in truth.values())} objects")


if __name__ == "__main__":
    main(sys.argv[1:])
