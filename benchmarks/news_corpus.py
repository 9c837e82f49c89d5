#!/usr/bin/env python3
"""Deterministic synthetic news corpus with planted near-duplicate families.

    python benchmarks/news_corpus.py OUT_DIR --docs 20000 --seed 0    # <id>.txt files + truth.json
    python benchmarks/news_corpus.py --jsonl corpus.jsonl --docs 200000

For benchmarking near-duplicate detection (MinHash + LSH) at 20,000 and 200,000 documents,
far beyond the shared dev corpus. What such a benchmark needs is that *unrelated* documents
overlap the way real news does (that sets the candidate and false-positive load of LSH), so
the text aims at realistic word and word-2-gram statistics, not at meaning:

- vocabulary and Zipf weights from ``wordfreq`` (top 30,000 English words), split into rough
  parts of speech by suffix and poured into simple sentence templates; function words ("of
  the", "in a", "has been", "he said") come from weighted classes in the templates;
- topics (n/40, at least 20), each with 40 topic words, 10 stock phrases and invented people
  and places, so unrelated articles on one topic share vocabulary as real news does, and
  per-article keywords that recur within the article;
- headline, optional byline and dateline ("BERLIN — "), paragraphs of 1-4 sentences of 8-35
  words, quotes, numbers and dates; sizes log-normal with mean ``mean_bytes`` (~1.2-12 KB).
  Word 2-gram Jaccard of unrelated pairs: mean ~0.013 (0.012 at the dev corpus's 3.1 KB size,
  whose real news articles give 0.011).

About ``family_share`` of the documents belong to families of 2-6. The first member is the
base article; each other member applies 1-3 of: light word edits (2-8% replaced, deleted or
inserted), syndication (other headline or byline, wire credit, "Read more"/"Related" block),
sentences reordered within paragraphs or a paragraph dropped or added, formatting changes
(quote style, double spaces, line wraps, dashes, upper-case headline, single newlines) and
OCR-like character noise (~1% of words); and 30% of them are also a teaser (the first
25-50%) or embedded in a longer page between 1-2 unrelated articles. The other members come
50-600 documents after the first and about 50 or more apart (offsets scale down below 20,000
documents), from a small heap of pending members, so memory stays bounded.

``generate`` yields ``(doc_id, family_id, text)`` lazily; ``family_id`` is the id of the
family's first member (a singleton's own id). All randomness comes from local
``random.Random`` instances seeded with strings, so one seed gives byte-identical output on
every machine (given the same ``wordfreq`` data).
"""

from __future__ import annotations

import argparse
import bisect
import heapq
import itertools
import json
import math
import random
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

# Frequent words that are not content words: kept out of the noun/adjective/verb/adverb pools.
STOP = set("""the and for that you with this was are have not but from your all his they one can will
just like about out what has when more were who had their there her which get been would she how some
also them now other its our than only after him into know see two make over think any then could back
these want because well said way most much very where even should may here need really did right being
too going before off why made still take got many never those say down through while such come
something use same used both every part around between always better find help little since another
does own things under during thing give again each without against must show feel sure ever keep might
please put someone away let doing few having set thought done however getting looking start already
anything nothing today change enough everything making read told yet hard mean once tell including seen
stop believe call took came far though try went yes actually later less says using whole maybe per kind
within able often become coming almost along anyone else pretty remember probably saying understand
yeah close comes possible wanted cause wait ask late leave saw guy guys thanks thank god lol gonna wanna
three four five six seven eight nine ten""".split())
BLOCK = re.compile(r"fuck|shit|bitch|cunt|nigg|fagg|slut|whore|porn|puss|asshole|horny|boob|retard|"
                   r"^(dicks?|cocks?|ass|asses|sexy|tits|penis|anal|nude|naked|rape|raped|dumbass|badass|wtf|omg|lmao|"
                   r"gotta|smurf|intercourse|arent|dont|didnt|doesnt|cant|wont|isnt|thats|youre|ive|idk|btw)$")
ADJ_END = ("al", "ive", "ous", "ic", "ful", "able", "ible", "less", "ary", "ish", "ian", "ent", "ant")
ADJ = set("new old good big high small large great local public national major former early young long key top "
          "final full recent strong free real last next best general certain federal".split())
PAST = set("made took gave found became left held brought began kept met ran saw won lost sent paid built spent "
           "led fell rose grew knew struck sought fought drew chose broke wrote".split())
FIRST = ("Anna Maria Elena Olga Sara Lena Nadia Irina Laura Julia Clara Hana Aisha Fatima Mei Yuki Priya Rosa Ines "
         "Marta Peter John David Michael Alexei Ivan Omar Ahmed Luis Carlos Jan Tomas Pavel Viktor Hans Karl Paul "
         "Mark James Daniel Sergei Dmitri Ali Kenji Ravi Marco").split()
CITIES = ("BERLIN LONDON PARIS MOSCOW KYIV WARSAW VILNIUS MINSK ROME MADRID BRUSSELS GENEVA VIENNA PRAGUE ISTANBUL "
          "CAIRO NAIROBI DELHI TOKYO BEIJING SEOUL SYDNEY WASHINGTON OTTAWA MEXICO-CITY LIMA BOGOTA").split()
AGENCIES = ["Meridian Press", "Global Wire", "Northline News", "Continental Dispatch", "Harbor Media", "Eastgate"]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
SYL = "ka lo mi ra ven tor sa ni el bar do ru sha vel mar tin ko za le ber an gol dre vik ost ler pa".split()
AN = re.compile(r"(^|\W)a ([aeiou])")

Pool = tuple[list, list[float]]  # items and cumulative weights, for random.choices


def _g(spec: str) -> Pool:
    """'a b:3|c:1' -> ([('a', 'b'), ('c',)], [3.0, 4.0])."""
    items = [s.rsplit(":", 1) for s in spec.split("|")]
    return [tuple(t.split()) for t, _ in items], list(itertools.accumulate(float(w) for _, w in items))


# Function-word classes: d determiner, p preposition, x auxiliary, s subject pronoun, j conjunction.
WORDS = {
    "d": _g("the:45|a:18|its:3|their:4|his:3|her:2|this:4|these:1|some:2|every:0.5|each:0.7|another:1|no:0.7|"
            "our:0.5|any:0.5|both:0.4|several:0.7|many:1|those:0.5|such:0.3|one:0.5|two:0.7|last:0.5|next:0.3|"
            "former:0.3|new:0.5"),
    "p": _g("of:30|in:20|to:14|for:10|on:8|with:7|at:5|by:5|from:5|about:2|after:2|over:1.5|into:1.5|against:1|"
            "during:1|under:1|between:0.7|without:0.6|before:1|through:1|across:0.5|since:0.5|within:0.4|"
            "toward:0.3|among:0.5|despite:0.3|amid:0.3|like:0.5|near:0.3|around:0.5|behind:0.2|beyond:0.2|"
            "outside:0.2|along:0.2|upon:0.1|via:0.1"),
    "x": _g("has:8|had:6|was:10|were:5|have:5|is:4|are:3|has been:1.5|had been:1|have been:1|will be:1.5|"
            "would be:1|could be:0.7|may be:0.5|might be:0.3|must be:0.2|should be:0.3|can be:0.4|was not:1|"
            "were not:0.4|is not:0.6|has not:1|had not:0.5|have not:0.5|is being:0.3|was being:0.2|"
            "had already:0.3|has already:0.4|has also:0.5|was also:0.5|is also:0.3|had also:0.3|were also:0.2|"
            "has since:0.1|is expected to be:0.2|is likely to be:0.1|appeared to be:0.1"),
    "s": _g("he:10|she:5|they:6|it:6|we:2|officials:1|authorities:0.7|police:0.7|critics:0.3|analysts:0.3|"
            "residents:0.3|experts:0.3|lawmakers:0.2|investigators:0.2|observers:0.1|i:1|you:0.5|prosecutors:0.1"),
    "j": _g("and:12|but:5|that:8|which:3|because:2|while:2|as:3|after:2|when:3|although:1|if:1.5|before:1|"
            "since:0.7|so:1|though:0.5|until:0.4|where:0.7|who:1.5|whereas:0.1|even as:0.2|and then:0.2|or:1.5"),
}
# Phrase templates. N noun, A adjective, V past verb, R adverb (all Zipf-weighted), T topic word,
# K topic phrase, M the article's own keywords, P person, L place, # number, D day or date, and
# the lower-case classes above; other tokens are literal. S subject, V verb group, O object,
# P prepositional phrase, J clause joiner, T sentence tail.
GRAM = {
    "S": _g("d M:3|M N:0.5|d K:2|K:1|P:6|s:5|d N:4|d A N:2|d T:3|d T N:2|A N:2|N N:1|T N:1|d N p L:0.5|# N:1|"
            "N p L:0.5|d A T:1|N:1|L N:1|one of d N:0.2|there:0.3|P and P:0.3"),
    "V": _g("V:10|x V:7|R V:1|x R V:0.3"),
    "O": _g("d M:3|A M:1|d K:2|K:1|d N:5|d A N:2|d T:3|d T N:2|N:3|A N:3|# N:2|P:1|d N p T:1|more than # N:0.3|"
            "A T:2|L:1|N N:2|T N:2|A N N:1|R A N:0.3|N and N:0.5|A N and N:0.3|as well as N:0.1|at least # N:0.1|"
            "N p L:0.5|L T:0.5"),
    "P": _g("p d M:3|p M:1|p d K:2|p K:1|p d N:7|p d T:3|p d A N:2|p L:3|on D:1|p N:4|p A N:3|p N N:2|p T N:2|"
            "p d N and N:0.3|p #:0.3|to be V:0.3|p P:1|p A T:1|p N p N:1|p L N:1"),
    "J": _g("j:10|, j:3"),
    "T": _g(":20|, P said:1.5|, s said:0.7|, according to d N:0.5|, N said:0.5|on D:1|, P told N:0.5|p N:1|"
            "this year:0.3|last year:0.3|last week:0.3|in D:0.2|, P V:0.3|, s V:0.3|, A N said:0.5|p L:0.5"),
}


@lru_cache(maxsize=1)
def _vocab(n_words: int = 30000) -> dict[str, Pool]:
    """Content-word pools N, A, V, R from wordfreq's top words, weighted by frequency."""
    pools: dict[str, tuple[list[str], list[float]]] = {k: ([], []) for k in "NAVR"}
    for w in top_n_list("en", n_words):
        if len(w) < 3 or not (w.isascii() and w.isalpha()) or w in STOP or BLOCK.search(w):
            continue
        k = ("V" if w in PAST or (w.endswith("ed") and len(w) > 4) else "R" if w.endswith("ly")
             else "A" if w in ADJ or w.endswith(ADJ_END) else "N")
        pools[k][0].append(w)
        pools[k][1].append(10 ** zipf_frequency(w, "en"))
    return {k: (words, list(itertools.accumulate(weights))) for k, (words, weights) in pools.items()}


def _name(rng: random.Random, ends: tuple[str, ...]) -> str:
    return ("".join(rng.choices(SYL, k=rng.randint(1, 2))) + rng.choice(ends)).capitalize()


@dataclass
class Topic:
    words: list[str]
    phrases: list[tuple[str, str]]
    people: list[str]
    places: list[str]

    @classmethod
    def make(cls, rng: random.Random, v: dict[str, Pool]) -> Topic:
        nouns, adjs = v["N"][0], v["A"][0]
        words = rng.sample(nouns[200:12000], 34) + rng.sample(adjs[50:3000], 6)
        phrases = [(rng.choice(adjs[:3000] + nouns[:3000]), rng.choice(words)) for _ in range(10)]
        people = [f"{rng.choice(FIRST)} {_name(rng, ('ov', 'son', 'ez', 'ini', 'ski', 'er', 'ani', 'ko', 'ard'))}"
                  for _ in range(6)]
        places = [_name(rng, ("burg", "ford", "ava", "ia", "mouth", "grad")) for _ in range(3)]
        return cls(words, phrases, people, places)


@dataclass
class Article:
    topic: Topic
    headline: str
    byline: str
    dateline: str
    paras: list[list[str]] = field(default_factory=list)  # paragraphs of sentences
    curly: bool = False

    def render(self) -> str:
        body = [" ".join(p) for p in self.paras]
        if body and self.dateline:
            body[0] = f"{self.dateline} — {body[0]}"
        text = "\n\n".join([self.headline] + ([self.byline] if self.byline else []) + body)
        return _curly(text) if self.curly else text


def _curly(text: str) -> str:
    return re.sub(r'"(?=\w)', "“", text).replace('"', "”")


class Writer:
    """Writes sentences, paragraphs and articles on one topic, drawing only from ``rng``."""

    def __init__(self, rng: random.Random, topic: Topic, v: dict[str, Pool]) -> None:
        self.rng, self.topic = rng, topic

        def stream(items: list, cum: list[float]) -> Callable[[], object]:  # batched draws, growing batches
            batches = (rng.choices(items, cum_weights=cum, k=min(8 << i, 256)) for i in itertools.count())
            return itertools.chain.from_iterable(batches).__next__

        # each article draws on part of its topic: 2-4 of its people and 12 of its 40 words
        cast = rng.sample(topic.people, rng.randint(2, 4))
        people = cast + [p.split()[1] for p in cast] + [p.split()[1] for p in cast]  # surnames 2 in 3
        self.topic_words = rng.sample(topic.words, 12)
        keywords = rng.sample(self.topic_words, 4) + rng.choices(v["N"][0], cum_weights=v["N"][1], k=4)
        keywords += rng.sample(v["N"][0][300:9000], 4)
        places = topic.places + [c.title() for c in CITIES]
        self.slot: dict[str, Callable[[], object]] = {k: stream(*pool) for k, pool in (v | WORDS).items()}
        self.slot.update({
            "T": stream(self.topic_words, list(range(1, 13))), "K": stream(topic.phrases, list(range(1, 11))),
            "M": stream(keywords, list(range(1, 13))),
            "P": stream(people, list(itertools.accumulate([1.0] * len(people)))),
            "L": stream(places, [6, 10, 13] + [13 + 0.2 * i for i in range(1, len(CITIES) + 1)]),
            "#": self._number,
            "D": lambda: rng.choice(DAYS) if rng.random() < 0.7 else f"{rng.choice(MONTHS)} {rng.randint(1, 28)}",
        })
        self.gram = {g: stream(*pool) for g, pool in GRAM.items()}

    def _number(self) -> str:
        r, n = self.rng.random(), self.rng.randint(2, 99)
        return (str(n) if r < 0.4 else f"{n},{self.rng.randint(0, 999):03d}" if r < 0.6 else f"{n}.{n % 10} percent"
                if r < 0.75 else f"${n} million" if r < 0.9 else str(self.rng.randint(1990, 2024)))

    def _phrase(self, g: str, out: list[str]) -> None:
        slot = self.slot
        for tok in self.gram[g]():
            w = slot[tok]() if tok in slot else tok
            if type(w) is tuple:  # function-word classes and topic phrases may be several words
                out.extend(w)
            else:
                out.append(w)

    def sentence(self, quote: bool = False) -> str:
        rng, out = self.rng, []
        length = int(rng.triangular(8, 36, 18))
        for g in "SVO":
            self._phrase(g, out)
        while len(out) < length - 3:  # grow by prepositional phrases and joined clauses
            for g in "P" if rng.random() < 0.7 else "JSVO":
                self._phrase(g, out)
        if quote:
            who = self.slot["P"]()
            if rng.random() < 0.7:
                out += [',"', who, "said"]
            else:
                out += [',"', "said", who + ",", "a", self.slot["N"](), self.slot["N"]()]
        else:
            self._phrase("T", out)
        out[0] = ('"' if quote else "") + out[0][:1].upper() + out[0][1:]
        return AN.sub(r"\1an \2", " ".join(out).replace(" ,", ",")) + "."

    def paragraph(self) -> list[str]:
        return [self.sentence(self.rng.random() < 0.08) for _ in range(self.rng.choices((1, 2, 3, 4), (3, 4, 2, 1))[0])]

    def headline(self) -> str:
        out: list[str] = []
        for g in "SVO":
            self._phrase(g, out)
        return " ".join(w[:1].upper() + w[1:] for w in out)

    def article(self, target: int) -> Article:
        rng = self.rng
        dateline = ""
        if rng.random() < 0.6:
            dateline = rng.choice(CITIES if rng.random() < 0.5 else [p.upper() for p in self.topic.places])
        byline = ""
        if rng.random() < 0.4:
            byline = f"By {rng.choice(FIRST)} {_name(rng, ('son', 'ova', 'er', 'ez', 'elli'))}"
        art = Article(self.topic, self.headline(), byline, dateline, [[self.sentence()]], rng.random() < 0.5)
        size = len(art.headline) + len(byline) + len(art.paras[0][0])
        while size < target:
            art.paras.append(self.paragraph())
            size += sum(len(s) + 1 for s in art.paras[-1]) + 1
        return art


def _target(rng: random.Random, mean_bytes: float, sigma: float = 0.45) -> int:
    """Log-normal article size with mean ``mean_bytes`` (1st-99th percentile ~0.3x-2.5x, capped at 3x)."""
    size = min(rng.lognormvariate(math.log(mean_bytes) - sigma * sigma / 2, sigma), 3 * mean_bytes)
    return int(size) - 150  # articles overshoot their target by about that much


def _per_word(text: str, rng: random.Random, rate: float, fn: Callable[[str], list[str]]) -> str:
    """Replace about ``rate`` of the space-separated words of each line by ``fn(word)``."""
    return "\n".join(" ".join(itertools.chain.from_iterable(fn(w) if w and rng.random() < rate else (w,)
                                                            for w in line.split(" "))) for line in text.split("\n"))


def _ocr(w: str, rng: random.Random) -> list[str]:
    i, r = rng.randrange(len(w)), rng.random()
    return [w[:i] + w[i + 1:] if r < 0.4 else w[:i] + w[i + 1:i + 2] + w[i:i + 1] + w[i + 2:] if r < 0.7
            else w.replace("m", "rn", 1).replace("l", "1", 1).replace("o", "0", 1) if r < 0.9 else w[:i] + w[i] + w[i:]]


FORMATS: dict[str, Callable[[str, random.Random], str]] = {
    "quotes": lambda t, r: t.translate({0x201C: '"', 0x201D: '"'}) if "“" in t else _curly(t),
    "spaces": lambda t, r: t.replace(". ", ".  ").replace("\n\n", "\n \n"),
    "wrap": lambda t, r: "\n\n".join(textwrap.fill(p, r.randint(60, 78), break_long_words=False)
                                     for p in t.split("\n\n")),
    "dash": lambda t, r: t.replace(" — ", r.choice((" -- ", " - ", " – "))),
    "upper": lambda t, r: t.split("\n", 1)[0].upper() + "\n" + t.split("\n", 1)[1],
    "lines": lambda t, r: t.replace("\n\n", "\n"),
}


def _variant(base: Article, rng: random.Random, v: dict[str, Pool], mean_bytes: int) -> str:
    """One near-duplicate of ``base``: 1-3 transformations, and maybe a teaser or an embedded copy."""
    a, w = replace(base, paras=[list(p) for p in base.paras]), Writer(rng, base.topic, v)
    kinds = rng.sample(["edit", "syndicate", "reorder", "format", "ocr"], rng.choice((1, 1, 2, 2, 3)))
    shape = rng.choices(["plain", "teaser", "embed"], (70, 15, 15))[0]
    if "reorder" in kinds:
        for p in a.paras:
            if len(p) > 1 and rng.random() < 0.4:
                rng.shuffle(p)
        if len(a.paras) > 3 and rng.random() < 0.4:
            del a.paras[rng.randrange(1, len(a.paras))]
        if rng.random() < 0.4:
            a.paras.insert(rng.randint(1, len(a.paras)), w.paragraph())
    if shape == "teaser":  # the first 25-50% of the text, whole sentences
        sents = [(i, s) for i, p in enumerate(a.paras) for s in p]
        cum = list(itertools.accumulate(len(s) for _, s in sents))
        n = bisect.bisect_left(cum, rng.uniform(0.25, 0.5) * cum[-1]) + 1
        a.paras = [[s for _, s in g] for _, g in itertools.groupby(sents[:n], key=lambda x: x[0])]
    tail: list[str] = []
    if "syndicate" in kinds:
        agency = rng.choice(AGENCIES)
        a.headline = (w.headline() if rng.random() < 0.5
                      else rng.choice((f"UPDATE {rng.randint(1, 3)}-", "")) + a.headline + f" | {agency}")
        a.byline = rng.choice(("", f"By {w.slot['P']()}, {agency}", agency.upper()))
        a.dateline = f"{a.dateline} ({agency})" if a.dateline else ""
        editor = f"{rng.choice(FIRST)} {_name(rng, ('er', 'son'))}"
        tail = rng.sample([f"(Reporting by {w.slot['P']()}; Editing by {editor})",
                           f"© {rng.randint(2015, 2024)} {agency}. All rights reserved.",
                           f"Related: {w.headline()}\nRelated: {w.headline()}",
                           f"Read more:\n- {w.headline()}\n- {w.headline()}",
                           "Sign up for our daily newsletter to get the latest news delivered to your inbox."],
                          rng.randint(1, 3))
    text = "\n\n".join([a.render()] + tail)
    if shape == "teaser" and rng.random() < 0.5:
        text += rng.choice(("…", "\n\nContinue reading", "\n\nRead the full story on our website."))
    if "edit" in kinds:  # delete a third, replace a third, insert after a third
        edit = {0: lambda x: [], 1: lambda x: [w.slot["N"]()], 2: lambda x: [x, w.slot["N"]()]}
        text = _per_word(text, rng, rng.uniform(0.02, 0.08), lambda x: edit[rng.randrange(3)](x))
    if shape == "embed":
        other = [Writer(rng, Topic.make(rng, v), v).article(_target(rng, mean_bytes / 2)).render()
                 for _ in range(rng.randint(1, 2))]
        cut = rng.randint(0, len(other))
        text = "\n\n".join(other[:cut] + [text] + other[cut:])
    if "format" in kinds:
        for f in rng.sample(sorted(FORMATS), rng.randint(1, 3)):
            text = FORMATS[f](text, rng)
    if "ocr" in kinds:
        text = _per_word(text, rng, 0.01, lambda x: _ocr(x, rng))
    return text


def generate(n_docs: int, *, seed: int = 0, family_share: float = 0.3,
             mean_bytes: int = 4300) -> Iterator[tuple[str, str, str]]:
    """Yield ``(doc_id, family_id, text)`` for ``n_docs`` documents, lazily and deterministically."""
    v = _vocab()
    topics = [Topic.make(random.Random(f"{seed}/topic/{t}"), v) for t in range(max(20, n_docs // 40))]
    topic_cum = list(itertools.accumulate(1 / (t + 1) ** 0.6 for t in range(len(topics))))  # a few hot topics
    plan = random.Random(f"{seed}/plan")
    p_family = family_share / (4 * (1 - family_share) + family_share)  # families average 4 members
    pending: list[tuple[int, int, str, Article]] = []  # heap of (due position, seq, family_id, base article)
    seq, step = 0, max(2, min(50, n_docs // 400))  # members follow their first by 1-12 steps (50-600 docs)
    for pos in range(n_docs):
        doc_id = f"d{pos:06d}"
        if pending and (pending[0][0] <= pos or n_docs - pos <= len(pending)):
            _, s, fam, base = heapq.heappop(pending)
            yield doc_id, fam, _variant(base, random.Random(f"{seed}/variant/{s}"), v, mean_bytes)
            continue
        rng = random.Random(f"{seed}/doc/{pos}")
        art = Writer(rng, plan.choices(topics, cum_weights=topic_cum)[0], v).article(_target(rng, mean_bytes))
        size = plan.randint(2, 6) if plan.random() < p_family else 1
        for d in sorted(plan.sample(range(step, 13 * step, step), size - 1)):  # distinct, >= step apart
            if pos + d < n_docs:
                heapq.heappush(pending, (pos + d, seq, doc_id, art))
                seq += 1
        yield doc_id, doc_id, art.render()


def write_folder(path: str | Path, n_docs: int, seed: int = 0, **kw: float) -> None:
    """Write ``<id>.txt`` per document and ``truth.json`` ({"clusters": {doc_id: family_id}})."""
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    clusters = {}
    for doc_id, fam, text in generate(n_docs, seed=seed, **kw):
        (out / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
        clusters[doc_id] = fam
    (out / "truth.json").write_text(json.dumps({"clusters": clusters}, indent=1) + "\n", encoding="utf-8")


def write_jsonl(path: str | Path, n_docs: int, seed: int = 0, **kw: float) -> None:
    """Write one {"id", "family", "text"} JSON object per line."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for doc_id, fam, text in generate(n_docs, seed=seed, **kw):
            f.write(json.dumps({"id": doc_id, "family": fam, "text": text}, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", nargs="?", help="folder for <id>.txt files and truth.json")
    ap.add_argument("--jsonl", metavar="FILE", help="write one JSON object per line here instead of a folder")
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--family-share", type=float, default=0.3)
    ap.add_argument("--mean-bytes", type=int, default=4300)
    args = ap.parse_args(argv)
    if bool(args.out_dir) == bool(args.jsonl):
        ap.error("give either OUT_DIR or --jsonl FILE")
    kw = {"family_share": args.family_share, "mean_bytes": args.mean_bytes}
    (write_jsonl if args.jsonl else write_folder)(args.jsonl or args.out_dir, args.docs, args.seed, **kw)


if __name__ == "__main__":
    main()
