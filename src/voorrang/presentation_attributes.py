"""SVG drawn by matplotlib, embedded in the pages: its style attributes and its <style>
element rewritten as SVG presentation attributes (``fill="#fff"`` for ``style="fill: #fff"``).

The Content-Security-Policy's ``style-src 'self'`` refuses inline styles, and with them every
colour and line of a chart; presentation attributes are part of the drawing, not styles, and
the policy leaves them alone. Pure: no Django."""

from __future__ import annotations

import re

# The CSS properties that SVG 1.1 also accepts as attributes (SVG 1.1, "Styling", 6.4).
PRESENTATION_PROPERTIES = frozenset(
    {
        "alignment-baseline",
        "baseline-shift",
        "clip",
        "clip-path",
        "clip-rule",
        "color",
        "color-interpolation",
        "color-interpolation-filters",
        "color-profile",
        "color-rendering",
        "cursor",
        "direction",
        "display",
        "dominant-baseline",
        "enable-background",
        "fill",
        "fill-opacity",
        "fill-rule",
        "filter",
        "flood-color",
        "flood-opacity",
        "font-family",
        "font-size",
        "font-size-adjust",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "glyph-orientation-horizontal",
        "glyph-orientation-vertical",
        "image-rendering",
        "kerning",
        "letter-spacing",
        "lighting-color",
        "marker-end",
        "marker-mid",
        "marker-start",
        "mask",
        "opacity",
        "overflow",
        "pointer-events",
        "shape-rendering",
        "stop-color",
        "stop-opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "text-rendering",
        "unicode-bidi",
        "visibility",
        "word-spacing",
        "writing-mode",
    }
)

_TAG_WITH_STYLE = re.compile(r'<[A-Za-z][^<>]*\sstyle="[^"]*"[^<>]*>')
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_ATTRIBUTE_NAME = re.compile(r'\s([A-Za-z_:][-\w:.]*)="[^"]*"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL)
_RULE = re.compile(r"\s*([^{}]+?)\s*\{([^{}]*)\}")


def _declarations(text: str) -> list[tuple[str, str]]:
    pairs = []
    for declaration in text.split(";"):
        if not declaration.strip():
            continue
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name not in PRESENTATION_PROPERTIES:
            # A property the rewrite would silently drop: a new matplotlib version must be
            # looked at, not shipped with charts that lost part of their look.
            raise ValueError(f"the SVG style property {name!r} has no presentation attribute")
        pairs.append((name, value))
    return pairs


def _rewrite_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    style = _STYLE_ATTRIBUTE.search(tag)
    assert style is not None
    pairs = _declarations(style.group(1))
    styled = {name for name, _ in pairs}
    rest = tag[: style.start()] + tag[style.end() :]
    # A style outranks an attribute of the same name; the style's value is the one drawn.
    rest = _ATTRIBUTE_NAME.sub(lambda a: "" if a.group(1).lower() in styled else a.group(0), rest)
    attributes = "".join(f' {name}="{value}"' for name, value in pairs)
    end = len(rest) - (2 if rest.endswith("/>") else 1)
    return rest[:end] + attributes + rest[end:]


def _root_defaults(svg: str) -> str:
    """matplotlib's only <style> is ``*{stroke-linejoin: round; stroke-linecap: butt}``: as
    attributes of the root, which every element without a value of its own inherits."""
    defaults: list[tuple[str, str]] = []
    for element in _STYLE_ELEMENT.finditer(svg):
        for selector, body in _RULE.findall(element.group(1)):
            if selector != "*":
                raise ValueError(f"the SVG <style> rule {selector!r} cannot become attributes")
            defaults += _declarations(body)
    svg = _STYLE_ELEMENT.sub("", svg)
    if not defaults:
        return svg
    start = svg.index("<svg") + len("<svg")
    attributes = "".join(f' {name}="{value}"' for name, value in defaults)
    return svg[:start] + attributes + svg[start:]


def style_as_attributes(svg: str) -> str:
    """``svg`` with every style attribute and <style> element as presentation attributes;
    ValueError for a style that has no such attribute."""
    return _TAG_WITH_STYLE.sub(_rewrite_tag, _root_defaults(svg))
