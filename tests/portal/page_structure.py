"""The accessible structure of a rendered page, read with the standard library's HTML parser.

Axe in a real browser comes with the browser tests; this checks the structure every page must
have in the HTML itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageStructure:
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    h1_text: list[str] = field(default_factory=list)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attributes for name, attributes in self.tags if name == tag]

    @property
    def lang(self) -> str:
        return self.all("html")[0].get("lang", "")

    @property
    def ids(self) -> set[str]:
        return {attributes["id"] for _, attributes in self.tags if "id" in attributes}

    @property
    def labelled_ids(self) -> set[str]:
        return {attributes["for"] for attributes in self.all("label") if "for" in attributes}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = PageStructure()
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, {name: value or "" for name, value in attrs}))
        if tag == "h1":
            self._in_h1 = True
            self.page.h1_text.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.page.h1_text[-1] += data


def read_page(html: str) -> PageStructure:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


def assert_accessible_structure(page: PageStructure, *, lang: str) -> None:
    """Language, one h1, landmarks, a working skip link, labelled fields."""
    assert page.lang == lang
    assert len(page.h1_text) == 1, page.h1_text
    for landmark in ("header", "nav", "main", "footer"):
        assert page.all(landmark), f"no <{landmark}>"
    skip_link = page.all("a")[0]
    assert skip_link["href"] == "#main"
    assert "main" in page.ids
    assert page.all("link")[0]["href"] == "/static/voorrang/css/voorrang.css"
    for field_ in page.all("input"):
        if field_.get("type") not in {"hidden", "submit"}:
            assert field_.get("id") in page.labelled_ids, field_
