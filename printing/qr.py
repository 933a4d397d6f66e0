"""QR codes that lead a reader of the paper back to the live guide.

Drawn as inline SVG so they print as vectors at any size; medium error correction survives a
crease or a coffee ring on a hall counter.
"""

import segno


def qr_svg(url, title="扫码查看最新办事指南"):
    """An ``<svg>`` element encoding ``url``, sized by CSS (class ``qr``)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=4, border=2, svgclass="qr", lineclass=None, title=title,
                           omitsize=True)
