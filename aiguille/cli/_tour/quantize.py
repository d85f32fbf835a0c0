"""Colour quantisation: KMeans on the astronaut photo's pixels, with 4 to 32 colours."""

import os
import struct
import time
import zlib

import numpy as np

TITLE = "quantize: colour quantisation of the astronaut photo with KMeans (4 to 32 colours)"
ORDER = 20


def write_png(path, img):
    """Write an RGB uint8 image (height, width, 3) as PNG with the standard library only."""
    img = np.ascontiguousarray(img, dtype=np.uint8)
    height, width, _ = img.shape
    raw = b"".join(b"\x00" + img[row].tobytes() for row in range(height))

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", header))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def run(out=None):
    from aiguille.cluster import KMeans
    from aiguille.datasets import load_sample_image

    img = load_sample_image("astronaut")
    h, w, _ = img.shape
    pixels = img.reshape(-1, 3).astype(np.float64) / 255.0
    print(
        f"astronaut photo: {h} x {w} pixels, {len(np.unique(img.reshape(-1, 3), axis=0))} "
        "distinct colours",
        flush=True,
    )
    rng = np.random.RandomState(0)
    sample = pixels[rng.choice(pixels.shape[0], 10_000, replace=False)]
    print(
        "KMeans(k-means++) fitted on 10,000 random pixels, then every pixel gets its "
        "closest centre's colour:",
        flush=True,
    )
    for k in (4, 8, 16, 32):
        start = time.perf_counter()
        km = KMeans(n_clusters=k, n_init=1, random_state=0).fit(sample)
        labels = km.predict(pixels)
        quant = km.cluster_centers_[labels]
        mse = float(np.mean((quant - pixels) ** 2)) * 255.0**2
        elapsed = time.perf_counter() - start
        print(
            f"  k = {k:>2}: mean squared error {mse:8.2f} (0-255 scale), "
            f"{km.n_iter_:>3} iterations, {elapsed:.2f} s",
            flush=True,
        )
        if out is not None:
            path = os.path.join(out, f"astronaut_{k}_colours.png")
            write_png(path, np.clip(np.rint(quant * 255), 0, 255).reshape(h, w, 3))
            print(f"         wrote {path}")
    if out is not None:
        path = os.path.join(out, "astronaut_original.png")
        write_png(path, img)
        print(f"  wrote {path}")
