"""A small detector learned from labeled boxes: which colours objects of each class are made of, how large they are,
and where their box lies around what can be seen of them.

Training counts the colours (16 levels per channel, smoothed over neighbouring colours) of the pixels inside each
class's boxes and of those outside every box. Per colour this gives the probability that a pixel is background, and
per class how likely each colour is. It also learns each class's box sizes (mean and spread of log width and height)
and, from the regions it finds on the labeled images themselves, where a class's box lies around its region: a
person's head and legs often look like background, so the region found is the shirt and the box reaches above and
below it.

Detection takes the regions of pixels more likely object than background (closed by a 3×3 kernel), gives each region
the class that best explains it (the share of objects of the class × the geometric mean of its pixels' colour
likelihoods × how well the box the class would have fits the class's sizes), and scores it: mean objectness of its
pixels × the class's probability × the size fit. A region of shared colours (black cars and shadows, white cars and
lane markings) or of an odd size gets a low score. Of two boxes that overlap much the surer is kept.
"""
import cv2
import numpy as np

LEVELS = 16  # per colour channel: 4096 colours
MIN_SCORE = 0.05  # boxes scoring less are specks, not reported


def colour_index(image):
    """Each pixel's colour bin, 0 … LEVELS³ − 1."""
    q = (image // (256 // LEVELS)).astype(np.int32)
    return (q[..., 0] * LEVELS + q[..., 1]) * LEVELS + q[..., 2]


def smooth(histogram):
    """Spreads counts to neighbouring colours, so a shade not seen in training still counts as its neighbours."""
    cube = histogram.reshape(LEVELS, LEVELS, LEVELS)
    for axis in range(3):
        padded = np.pad(cube, [(1, 1) if a == axis else (0, 0) for a in range(3)], mode="edge")
        lower = np.take(padded, range(0, LEVELS), axis=axis)
        upper = np.take(padded, range(2, LEVELS + 2), axis=axis)
        cube = 0.5 * cube + 0.25 * (lower + upper)
    return cube.reshape(-1)


def iou(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    w = min(ax + aw, bx + bw) - max(ax, bx)
    h = min(ay + ah, by + bh) - max(ay, by)
    inter = max(0, w) * max(0, h)
    return inter / (aw * ah + bw * bh - inter) if inter > 0 else 0.0


class Detector:
    def __init__(self, classes, background, likelihood, prior, sizes, offsets):
        self.classes = classes
        self.background = background  # per colour: P(background | colour), pixels counted
        self.likelihood = likelihood  # classes × colours: log P(colour | class)
        self.prior = prior  # per class: the share of objects of that class
        self.sizes = sizes  # per class: mean and spread of log width and log height, smallest area seen
        self.offsets = offsets  # per class: where its box lies around a region of its colours (x, y, log w, log h)

    @classmethod
    def fit(cls, classes, examples):
        """examples: [(image, [{label, x, y, width, height}])], images as decoded by OpenCV (3 channels)."""
        counts = np.zeros((1 + len(classes), LEVELS ** 3))
        dims = {c: [] for c in classes}
        for image, boxes in examples:
            owner = np.zeros(image.shape[:2], np.int32)  # 0 background, 1 + class index inside a box
            for box in boxes:
                x, y, w, h = (int(round(v)) for v in box_of(box))
                owner[y:y + h, x:x + w] = 1 + classes.index(box["label"])
                dims[box["label"]].append((box["width"], box["height"]))
            bins = colour_index(image)
            for k in range(counts.shape[0]):
                counts[k] += np.bincount(bins[owner == k], minlength=LEVELS ** 3)
        counts = np.stack([smooth(row) for row in counts])
        counts[0] += 1.0  # a colour nobody has seen is background
        background = counts[0] / counts.sum(axis=0)
        objects = counts[1:] + 0.01
        likelihood = np.log(objects / objects.sum(axis=1, keepdims=True))
        prior = np.array([len(dims[c]) + 1.0 for c in classes])
        sizes = {}
        for c in classes:
            logs = np.log(np.array(dims[c], dtype=float)) if dims[c] else np.zeros((0, 2))
            if len(logs) >= 2:
                mean, spread = logs.mean(axis=0), np.maximum(logs.std(axis=0), 0.15)
            elif len(logs) == 1:
                mean, spread = logs[0], np.array([0.5, 0.5])
            else:  # never labeled: any size, and regions of it stay unlikely by colour anyway
                mean, spread = np.log([10.0, 10.0]), np.array([1.0, 1.0])
            sizes[c] = (mean, spread, min((w * h for w, h in dims[c]), default=9))
        detector = cls(list(classes), background, likelihood, prior / prior.sum(), sizes,
                       {c: np.zeros(4) for c in classes})
        detector.offsets = detector._learn_offsets(examples)
        return detector

    def _learn_offsets(self, examples):
        """Part of an object may look like background (a person's head and legs, a car's cabin): the region found is
        then only part of its box. Per class, the median offset of the labeled box from the region that overlaps it
        most says where the rest is."""
        seen = {c: [] for c in self.classes}
        for image, boxes in examples:
            regions = [r[0] for r in self._regions(image)]
            for box in boxes:
                truth = box_of(box)
                best = max(regions, key=lambda r: iou(r, truth), default=None)
                if best is not None and iou(best, truth) > 0.1:
                    (x, y, w, h), (bx, by, bw, bh) = best, truth
                    seen[box["label"]].append(((bx - x) / w, (by - y) / h, np.log(bw / w), np.log(bh / h)))
        return {c: np.median(np.array(v), axis=0) if v else np.zeros(4) for c, v in seen.items()}

    def _regions(self, image):
        """(box, area, colour bins, mean objectness) of each region of object colours."""
        bins = colour_index(image)
        objectness = 1.0 - self.background[bins]
        # An object is made of parts of several colours (a car's body, windows and wheels; a person's head, shirt and
        # legs): regions are taken over everything more likely an object than background, then given a class.
        mask = cv2.morphologyEx((objectness > 0.5).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
        n, regions, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
        for r in range(1, n):
            x, y, w, h, area = (int(v) for v in stats[r])
            if area >= 4:
                inside = regions == r
                yield (x, y, w, h), area, bins[inside], float(objectness[inside].mean())

    def _box(self, name, region, width, height):
        """The box of an object of class name around the region, in whole pixels inside the image."""
        x, y, w, h = region
        dx, dy, dw, dh = self.offsets[name]
        x0 = min(width - 1, max(0, int(np.floor(x + dx * w))))
        y0 = min(height - 1, max(0, int(np.floor(y + dy * h))))
        x1 = min(width, max(x0 + 1, int(np.ceil(x + dx * w + w * np.exp(dw)))))
        y1 = min(height, max(y0 + 1, int(np.ceil(y + dy * h + h * np.exp(dh)))))
        return x0, y0, x1 - x0, y1 - y0

    def detect(self, image):
        """[{label, x, y, width, height, score, probabilities}] of one image, probabilities in class order."""
        height, width = image.shape[:2]
        found = []
        for region, area, bins, objectness in self._regions(image):
            # Which class: the share of its objects, how typical the region's colours are of it (the geometric mean of
            # its pixels' likelihoods, since neighbouring pixels are far from independent) and how well its box's size
            # fits the class's sizes.
            boxes = [self._box(c, region, width, height) for c in self.classes]
            fits = np.array([self._size_fit(c, box) for c, box in zip(self.classes, boxes)])
            joint = self.prior * np.exp(self.likelihood[:, bins].mean(axis=1)) * fits
            if joint.sum() <= 0:
                continue
            probabilities = joint / joint.sum()
            k = int(probabilities.argmax())
            if area < 0.3 * self.sizes[self.classes[k]][2]:
                continue
            score = objectness * float(probabilities[k]) * float(fits[k])
            if score >= MIN_SCORE:
                x, y, w, h = boxes[k]
                found.append({"label": self.classes[k], "x": x, "y": y, "width": w, "height": h,
                              "score": min(1.0, score),
                              "probabilities": [float(p) for p in probabilities]})
        found.sort(key=lambda d: -d["score"])
        kept = []  # one box per object: of two that overlap much, the surer
        for d in found:
            if all(iou(box_of(d), box_of(e)) <= 0.5 for e in kept):
                kept.append(d)
        return kept

    def _size_fit(self, name, box):
        """1 for a box of the class's typical size, falling off with its distance in spreads."""
        mean, spread, _ = self.sizes[name]
        z = (np.log(box[2:]) - mean) / spread
        return float(np.exp(-0.25 * float(z @ z)))


def box_of(d):
    return d["x"], d["y"], d["width"], d["height"]


def mean_average_precision(classes, detections, truths, threshold=0.5):
    """mAP at IoU ≥ threshold (VOC's all-point interpolation), over the classes that have true boxes.

    detections and truths are lists, one entry per image, of boxes [{label, x, y, width, height[, score]}].
    """
    precisions = []
    for c in classes:
        ranked = sorted(((d["score"], i, box_of(d)) for i, ds in enumerate(detections) for d in ds
                         if d["label"] == c), key=lambda t: -t[0])
        truth = [[box_of(t) for t in ts if t["label"] == c] for ts in truths]
        total = sum(len(t) for t in truth)
        if total == 0:
            continue
        used = [[False] * len(t) for t in truth]
        hits = []
        for _, i, box in ranked:
            best, best_j = 0.0, -1
            for j, t in enumerate(truth[i]):
                overlap = iou(box, t)
                if overlap > best and not used[i][j]:
                    best, best_j = overlap, j
            hit = best >= threshold
            if hit:
                used[i][best_j] = True
            hits.append(hit)
        hits = np.array(hits, dtype=float)
        recall = np.concatenate([[0.0], np.cumsum(hits) / total, [1.0]])
        precision = np.concatenate([[1.0], np.cumsum(hits) / np.arange(1, len(hits) + 1), [0.0]])
        precision = np.maximum.accumulate(precision[::-1])[::-1]
        steps = np.nonzero(recall[1:] != recall[:-1])[0]
        precisions.append(float(np.sum((recall[steps + 1] - recall[steps]) * precision[steps + 1])))
    return float(np.mean(precisions)) if precisions else None
