"""Draws shapes.png, the sample image (made by this project; CC0). Pure Python: zlib + struct."""
import struct, zlib

W, H = 320, 240
def pixel(x, y):
    if (x - 90) ** 2 + (y - 110) ** 2 < 45 ** 2:
        return (220, 40, 40)        # red disc
    if 180 <= x < 270 and 60 <= y < 140:
        return (240, 200, 30)       # yellow box
    if y >= 180:
        return (40, 140, 60)        # green ground
    if abs(x - 230) < (y - 150) and y < 180:
        return (30, 40, 120)        # blue triangle
    return (150, 200, 235)          # sky

raw = b"".join(b"\x00" + bytes(c for x in range(W) for c in pixel(x, y)) for y in range(H))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open("shapes.png", "wb").write(png)
