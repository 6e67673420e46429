"""QR codes of our own URLs: made once per URL and scale in a process."""

from unittest import mock

import segno

from renda.core.qr import qr_svg


def test_a_urls_code_is_made_once_and_kept():
    qr_svg.cache_clear()
    with mock.patch("renda.core.qr.segno.make", wraps=segno.make) as make:
        first = qr_svg("https://renda.example/s/7/form/", scale=8)
        again = qr_svg("https://renda.example/s/7/form/", scale=8)
        other = qr_svg("https://renda.example/s/8/form/", scale=8)

    assert first == again
    assert first != other
    assert make.call_count == 2
    assert first.startswith("<svg")
    assert 'class="qr-svg"' in first
    assert "renda.example" not in first  # path data only, no text
