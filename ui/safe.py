"""Show data-derived text as text: never as Markdown, a link, HTML or a formula.

Names, addresses, reasons and values from a link or an uploaded file go through one
of these before Streamlit renders them: ``md`` for text inside Markdown (every ASCII
punctuation mark escaped, so ``[x](http://...)``, ``**``, ``$`` and ``<b>`` stay
literal), ``literal`` for a value quoted in a message (an inline code span), ``html``
for HTML (tooltips, ``st.html``).
"""

from __future__ import annotations

import html as _html
import re

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=@%^;/?,])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def md(text: object) -> str:
    r"""Escape ``text`` for Streamlit Markdown: it shows exactly as written.

    >>> md("[klik](http://x.be) **vet** <b>")
    '\\[klik\\]\\(http\\:\\/\\/x\\.be\\) \\*\\*vet\\*\\* \\<b\\>'
    """
    flat = _CONTROL.sub(" ", "" if text is None else str(text))
    return _PUNCTUATION.sub(r"\\\1", flat)


def literal(value: object, limit: int = 60) -> str:
    """Quote a value in a Markdown message as inline code (shortened, one line).

    >>> literal("2099-01-01"), literal("a`b" * 30, 8)
    ('`2099-01-01`', "`a'ba'ba'…`")
    """
    text = _CONTROL.sub(" ", "" if value is None else str(value)).replace("`", "'")
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"`{text}`" if text.strip() else "`(leeg)`"


def html(text: object) -> str:
    """Escape ``text`` for HTML (tooltips, ``st.html``).

    >>> html('<a href="x">Bakkerij & Co</a>')
    '&lt;a href=&quot;x&quot;&gt;Bakkerij &amp; Co&lt;/a&gt;'
    """
    return _html.escape("" if text is None else str(text), quote=True)
