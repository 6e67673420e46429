"""Draw Renda's app icons: a red square with a white 人 (Renda's own work, Apache-2.0).

The glyph is rendered from Noto Sans CJK Bold (SIL Open Font License 1.1, which
allows rendering its glyphs into images; the images are not font software). The
PNGs and the .ico are committed under renda/static/pwa/icons/; run this again
only to change the design: ``manage.py pwa_icons``.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
# Index 2 of the collection is the Simplified Chinese face (SC).
FONT_INDEX = 2
RED = (183, 28, 28, 255)  # --red of renda.css
WHITE = (255, 255, 255, 255)
GLYPH = "人"
# Square PNGs drawn "any" purpose: the red fills a rounded square; "maskable" ones
# fill the whole canvas and keep the glyph inside the 80% safe zone.
SIZES = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "maskable-192.png": (192, True),
    "maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, True),  # iOS rounds the corners itself
    "favicon-32.png": (32, False),
}
ICO_SIZES = [(16, 16), (32, 32), (48, 48)]


def draw(size: int, *, full_bleed: bool, scale: int = 4) -> Image.Image:
    """Return one icon of ``size`` pixels, drawn at ``scale`` times and reduced."""
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if full_bleed:
        pen.rectangle([0, 0, big, big], fill=RED)
        glyph_share = 0.56  # inside the maskable safe zone (a circle of 80%)
    else:
        pen.rounded_rectangle([0, 0, big - 1, big - 1], radius=big // 6, fill=RED)
        glyph_share = 0.72 if size <= 48 else 0.66
    font = ImageFont.truetype(str(FONT), int(big * glyph_share), index=FONT_INDEX)
    left, top, right, bottom = pen.textbbox((0, 0), GLYPH, font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    pen.text((x, y), GLYPH, font=font, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = (
        "Draw the app icons (PNG, apple-touch-icon, favicon.ico) into static/pwa/icons."
    )

    def handle(self, *args, **options):
        if not FONT.exists():
            raise CommandError(f"{FONT} is missing: install fonts-noto-cjk.")
        target = Path(settings.BASE_DIR) / "renda" / "static" / "pwa" / "icons"
        target.mkdir(parents=True, exist_ok=True)
        for name, (size, full_bleed) in SIZES.items():
            image = draw(size, full_bleed=full_bleed)
            if full_bleed:
                image = image.convert("RGB")
            # Two colours and their anti-aliasing: a 32-colour palette looks the
            # same and weighs a third (the phone's first load counts every byte).
            image = image.quantize(colors=32, method=Image.Quantize.FASTOCTREE)
            image.save(target / name, optimize=True)
            self.stdout.write(f"{name} {size}x{size}")
        ico = draw(48, full_bleed=False)
        ico.save(target / "favicon.ico", sizes=ICO_SIZES)
        self.stdout.write("favicon.ico " + ", ".join(f"{w}" for w, _ in ICO_SIZES))
