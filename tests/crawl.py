"""Crawl every page a demo role reaches, in every language, and find what a
reader should never see: internal codes and slugs, and reference data left in
English where the page is in another language.

Used by tests/portal/test_every_page_in_every_language.py; bounded: links are
followed breadth-first, at most two pages per URL pattern (ids replaced),
no downloads, no forms."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings

SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/logout", "/accounts/logout")
SKIP_PATTERN = re.compile(r"\.(pdf|csv|xlsx|svg|png|txt)$|/export|/download|/document|/pass(/|$)|/badge|/verify/")
SEGMENT_SPLIT = re.compile(r"\s*(?:[,;·|()\[\]:«»“”\"]|\s[—–-]\s|\n)\s*")
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
ACTION_CODE = re.compile(r"(?<![\w@/.-])(?:[a-z]+_[a-z_]+\.[a-z_]+|[a-z]+\.[a-z]+_[a-z_]+)(?![\w@.-])")
BLOCK_TAGS = {"td", "th", "li", "dd", "dt", "option", "a", "span", "p", "h1", "h2", "h3", "h4", "h5", "h6",
              "label", "button", "caption", "small", "strong", "b", "em", "div", "title", "legend", "summary",
              "figcaption", "text", "tspan"}


class _Text(HTMLParser):
    """Visible text, as a list of element texts (one per innermost block)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.skip, self.chunks, self.links = [], 0, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template", "noscript"):
            self.skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in BLOCK_TAGS:
            self.stack.append([])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "noscript"):
            self.skip = max(0, self.skip - 1)
        if tag in BLOCK_TAGS and self.stack:
            text = " ".join("".join(self.stack.pop()).split())
            if text:
                self.chunks.append(text)
            if self.stack:
                self.stack[-1].append(" ")

    def handle_data(self, data):
        if self.skip:
            return
        if self.stack:
            self.stack[-1].append(data)
        elif data.strip():
            self.chunks.append(" ".join(data.split()))


def parse(html: str):
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.chunks, parser.links


def pattern(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", re.sub(r"/[0-9a-f]{8,}(?=/|$)", "/H", path))


def discover(client, start_urls, *, per_pattern=2, limit=200):
    """Same-site HTML pages reachable from start_urls by links (GET only)."""
    seen_patterns: dict[str, int] = {}
    queue, found = deque(start_urls), []
    visited = set()
    while queue and len(found) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in visited or path.startswith(SKIP_PREFIXES) or SKIP_PATTERN.search(path):
            continue
        visited.add(path)
        pat = pattern(path)
        if seen_patterns.get(pat, 0) >= per_pattern:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen_patterns[pat] = seen_patterns.get(pat, 0) + 1
        found.append(path)
        _chunks, links = parse(response.content.decode())
        for href in links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(parts.path)
    return found


def problems(chunks, *, lang, codes, english_names, free_text=()):
    """What a reader should not see on a page in `lang`. `free_text`: what
    people typed (meeting titles, organisation names...), taken out first."""
    found = []
    for chunk in chunks:
        for text in free_text:
            if text in chunk:
                chunk = chunk.replace(text, " ")
        for match in SNAKE_CASE.findall(chunk):
            found.append(f"code {match!r} in {chunk[:120]!r}")
        for match in ACTION_CODE.findall(chunk):
            found.append(f"action code {match!r} in {chunk[:120]!r}")
        segments = {s.strip(" .") for s in SEGMENT_SPLIT.split(chunk)} | {chunk}
        for segment in segments:
            if lang != settings.LANGUAGE_CODE and segment in codes:
                found.append(f"code {segment!r} in {chunk[:120]!r}")
            for token in segment.split():
                token = token.strip(".,;:")
                if ("-" in token or "." in token) and token in codes:
                    found.append(f"slug {token!r} in {chunk[:120]!r}")
            if lang != settings.LANGUAGE_CODE and segment in english_names:
                found.append(f"English reference data {segment!r} on a {lang} page, in {chunk[:120]!r}")
    return sorted(set(found))


def vocabulary(lang):
    """(codes a reader must not see, English texts of translated reference rows) for `lang`."""
    from django.apps import apps
    from modeltranslation.translator import translator

    from portal.audit_text import ACTIONS
    from portal.i18n import column_suffix
    from portal.models import AuditEntry
    from portal.workflow import WORKFLOWS

    codes, english = set(ACTIONS), set()
    codes.update(AuditEntry.objects.values_list("action", flat=True).distinct())
    codes.update(f"{w.name}.{t}" for w in WORKFLOWS.values() for t in w.transitions)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_-]+", value):
                    codes.add(value)
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).get_field_names()
        for obj in model._default_manager.all():
            code = getattr(obj, "code", "")
            if isinstance(code, str) and "-" in code:
                codes.add(code)
            if lang == settings.LANGUAGE_CODE:
                continue
            for field in fields:
                en, other = getattr(obj, f"{field}_en"), getattr(obj, f"{field}_{column_suffix(lang)}")
                if en and other and en != other and en not in other:
                    english.add(en.strip(" ."))
    if lang != settings.LANGUAGE_CODE:
        # Words of the language itself are not English left behind ("Réunion" is a meeting in French).
        from django.utils.translation import trans_real

        words = {str(v).strip(" .") for _k, v in trans_real.translation(lang)._catalog.items() if isinstance(v, str)}
        english -= words
        codes -= {w.lower() for w in words}
    return codes, english


def free_text():
    """Text people typed, which stays in the language they wrote it in."""
    from accreditation.models import Organisation
    from participation.models import Consultation, ConsultationOption, Meeting
    from trustfund.models import CapacityInitiative, GrantCall

    texts = set()
    for model, fields in ((Meeting, ("title", "description", "venue")), (GrantCall, ("title",)),
                          (Consultation, ("title",)), (ConsultationOption, ("label",)), (CapacityInitiative, ("title",)),
                          (Organisation, ("name", "name_en_fr"))):
        for row in model.objects.values_list(*fields):
            texts.update(t for t in row if t and len(t) > 3)
    return sorted(texts, key=len, reverse=True)
