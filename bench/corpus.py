"""A generator of realistic news articles about one long story, for the scale benchmarks.

One fictional story (an epidemic during a civil conflict in the country of Veldra) told over
``--days`` days by several outlets, as JSONL records the ingest reads (``id``, ``time``,
``title``, ``source``, ``text``):

- lengths: a few briefs (40-150 words), mostly 300-900 words, a few long features (1,200-2,500);
- datelines (``PORT AVEL, March 3 (Harbor Wire) -``), absolute and relative dates ("on
  Tuesday", "last week", "since January 12");
- figures of several kinds that move with the story: tolls and case counts, displaced people,
  money (aid pledges, budgets), rates (per 100,000, per day) and percentages, reported with
  qualifiers ("at least", "about") and per-outlet noise and lag, so series, revisions and
  conflicts arise;
- direct quotes and reported speech with named speakers and their roles;
- reprints (the same text under another outlet) and near-duplicate rewrites (about 10 % in
  all), undated items (about 3 %: no date field, no date in the dateline).

Seeded and deterministic: the same arguments give byte-identical files. The domain words below
are test data, not the product.

    python bench/corpus.py --articles 1000 --out /tmp/corpus-1k [--files 4] [--seed 7]
                           [--days 365]
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

START = date(2025, 1, 6)

PLACES = [
    "Port Avel",
    "Marrow Bay",
    "Tessin",
    "Orlan",
    "Kestrel Falls",
    "Dunmore",
    "Vell",
    "Caradon",
    "Istra",
    "Lowen",
]
PROVINCES = ["Northern Reach", "Tessin Valley", "the coastal province", "Upper Orlan"]
OUTLETS = [
    "Harbor Wire",
    "Northwind Press",
    "Coastline Daily",
    "Valley Times",
    "Meridian News",
    "Global Dispatch",
]
SPEAKERS = [
    ("Ana Brix", "the health minister"),
    ("Tomas Reyne", "a spokesman for the army"),
    ("Ilse Marrow", "the head of the Red Crescent mission"),
    ("Joss Kade", "the rebel commander"),
    ("Petra Lund", "a World Health Organization official"),
    ("Omar Sef", "the interior minister"),
    ("Lena Hart", "the United Nations envoy"),
    ("Viktor Salo", "the prime minister"),
    ("Dina Okafor", "an epidemiologist at the University of Port Avel"),
    ("Rafael Inge", "the finance minister"),
    ("Mara Teal", "a spokeswoman for Doctors Without Borders"),
    ("Karl Beno", "the governor of Tessin"),
]
GROUPS = [
    "the health ministry",
    "the army",
    "the rebels",
    "the United Nations",
    "the Red Crescent",
    "the central bank",
    "aid agencies",
    "the World Bank",
]
SAY = ["said", "told reporters", "said in a statement", "told a news conference", "added"]
REPORT_VERBS = ["said", "warned", "told reporters", "estimated", "confirmed", "denied"]
QUOTES = [
    "We are running out of beds and the wards are full",
    "The situation is under control and the curve is flattening",
    "Nobody can reach the villages while the shelling continues",
    "We will not negotiate while our people are under fire",
    "Every day without a ceasefire costs lives",
    "The vaccine shipments must reach the front line first",
    "We have asked for help and the help has not come",
    "This is the worst outbreak the country has seen in a generation",
    "Our teams are working around the clock",
    "The figures from the ministry do not match what we see on the ground",
]
CLAIMS = [
    "the outbreak was slowing in the capital",
    "the army had opened two humanitarian corridors",
    "the rebels were blocking medical convoys",
    "hospitals in the north had run out of oxygen",
    "talks would resume after the holiday",
    "the government was hiding the true number of deaths",
    "a new field hospital would open within days",
    "the ceasefire had been broken several times overnight",
    "the border crossings would stay closed",
    "food prices had doubled in the besieged districts",
]
FILLER = [
    "Residents queued for hours outside the only working pharmacy in the district.",
    "The road between the two cities has been cut for most of the past month.",
    "Schools in the region have been closed since the first cases were reported.",
    "Power cuts have made it hard to keep vaccines cold in rural clinics.",
    "Aid workers describe overcrowded shelters and a shortage of clean water.",
    "The conflict began when rebel groups seized several towns in the north.",
    "Diplomats say both sides are under pressure to agree on a truce.",
    "Local officials have asked families not to travel between provinces.",
    "Markets reopened briefly, but many shops remained shuttered.",
    "The fighting has forced many doctors to flee to neighbouring countries.",
    "Independent verification of the figures was not possible.",
    "Journalists have had limited access to the worst-hit areas.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
QUALIFIERS = ["at least", "about", "more than", "nearly", "some", ""]

# Share of each length class, and their word ranges (briefs, the bulk, long features).
LENGTHS = [(0.07, (40, 150)), (0.88, (300, 900)), (0.05, (1200, 2500))]
REPRINT_SHARE = 0.05
REWRITE_SHARE = 0.05
UNDATED_SHARE = 0.03


@dataclass(frozen=True)
class World:
    """The true state of the story on day ``t`` (days since START); outlets report it with
    noise and lag."""

    days: int

    def cases(self, t: float) -> int:
        return int(60_000 / (1 + math.exp(-(t - 0.35 * self.days) / (0.07 * self.days))) + 30 * t)

    def deaths(self, t: float) -> int:
        return int(self.cases(t) * 0.021) + 4

    def displaced(self, t: float) -> int:
        return int(12_000 + 150 * t + 6_000 * math.sin(t / 40))

    def killed_in_fighting(self, t: float) -> int:
        return int(300 + 9 * t)

    def aid_millions(self, t: float) -> float:
        return round(20 + 0.9 * t, 1)

    def rate_per_100k(self, t: float) -> float:
        return round(self.cases(t) / 4_800_000 * 100_000 / max(1.0, t / 30), 1)

    def vaccinated_pct(self, t: float) -> int:
        return min(85, int(max(0.0, t - 0.2 * self.days) / self.days * 110))

    def inflation_pct(self, t: float) -> float:
        return round(4.5 + t / 45, 1)


@dataclass
class Ctx:
    rng: random.Random
    world: World
    t: int
    day: date
    outlet: str
    place: str
    lag: int  # this outlet's reporting lag in days: stale figures make revisions


def fmt_int(n: int) -> str:
    return f"{n:,}"


def noisy(ctx: Ctx, value: float) -> float:
    return value * (1 + ctx.rng.gauss(0, 0.03))


def qual(ctx: Ctx) -> str:
    q = ctx.rng.choice(QUALIFIERS)
    return q + " " if q else ""


def speaker(ctx: Ctx) -> tuple[str, str]:
    return ctx.rng.choice(SPEAKERS)


def surname(name: str) -> str:
    return name.split()[-1]


def relative_day(ctx: Ctx) -> str:
    """A date phrase relative to the publication day, or an absolute one."""
    r = ctx.rng.random()
    back = ctx.rng.randrange(1, 6)
    past = ctx.day - timedelta(days=back)
    if r < 0.30:
        return f"on {WEEKDAYS[past.weekday()]}"
    if r < 0.40:
        return "yesterday"
    if r < 0.50:
        return "last week"
    if r < 0.58:
        return f"{NUMBER_WORDS[back - 1] if back >= 2 else 'two'} days ago"
    if r < 0.65:
        return "earlier this month"
    if r < 0.85:
        return f"on {past:%B} {past.day}"
    return f"on {past:%B} {past.day}, {past.year}"


def since_phrase(ctx: Ctx) -> str:
    d = START + timedelta(days=ctx.rng.randrange(0, max(1, ctx.t // 2 + 1)))
    return ctx.rng.choice([f"since {d:%B} {d.day}", "since the outbreak began", f"since {d:%B}"])


def s_toll(ctx: Ctx) -> str:
    t = max(0, ctx.t - ctx.lag)
    d, c = int(noisy(ctx, ctx.world.deaths(t))), int(noisy(ctx, ctx.world.cases(t)))
    name, role = speaker(ctx)
    forms = [
        f"The death toll from the outbreak rose to {fmt_int(d)}, {ctx.rng.choice(GROUPS)} "
        f"said {relative_day(ctx)}.",
        f"{qual(ctx).capitalize()}{fmt_int(d)} people have died and {fmt_int(c)} have been "
        f"infected {since_phrase(ctx)}, according to {ctx.rng.choice(GROUPS)}.",
        f"{name}, {role}, said {fmt_int(c)} cases had been confirmed nationwide, "
        f"{fmt_int(d)} of them fatal.",
        f"The ministry recorded {fmt_int(int(noisy(ctx, 40 + ctx.t * 1.5)))} new cases "
        f"{relative_day(ctx)}, bringing the total to {fmt_int(c)}.",
    ]
    return ctx.rng.choice(forms)


def s_fighting(ctx: Ctx) -> str:
    t = max(0, ctx.t - ctx.lag)
    k = int(noisy(ctx, ctx.world.killed_in_fighting(t)))
    n = ctx.rng.randrange(2, 40)
    place = ctx.rng.choice(PLACES)
    forms = [
        f"Shelling killed {qual(ctx)}{n} civilians in {place} {relative_day(ctx)}, witnesses said.",
        f"{qual(ctx).capitalize()}{fmt_int(k)} people have been killed in the fighting "
        f"{since_phrase(ctx)}, according to the United Nations.",
        f"Rebels attacked an army checkpoint near {place} {relative_day(ctx)}, "
        f"killing {NUMBER_WORDS[n % len(NUMBER_WORDS)]} soldiers.",
        f"The army said it had recaptured {place} after {NUMBER_WORDS[n % 9]} days of clashes.",
    ]
    return ctx.rng.choice(forms)


def s_displaced(ctx: Ctx) -> str:
    t = max(0, ctx.t - ctx.lag)
    n = int(noisy(ctx, ctx.world.displaced(t)))
    forms = [
        f"{qual(ctx).capitalize()}{fmt_int(n)} people have fled their homes in "
        f"{ctx.rng.choice(PROVINCES)}, the refugee agency said.",
        f"Aid groups estimate that {fmt_int(n // 5)} families are living in camps around "
        f"{ctx.rng.choice(PLACES)}.",
        f"The number of displaced people reached {fmt_int(n)} {relative_day(ctx)}.",
    ]
    return ctx.rng.choice(forms)


def s_money(ctx: Ctx) -> str:
    t = max(0, ctx.t - ctx.lag)
    m = noisy(ctx, ctx.world.aid_millions(t))
    forms = [
        f"Donors have pledged ${m:.1f} million in emergency aid {since_phrase(ctx)}.",
        f"The World Bank approved a ${ctx.rng.randrange(50, 900)} million loan to rebuild "
        f"hospitals {relative_day(ctx)}.",
        f"The government said it would spend {ctx.rng.randrange(2, 40)} billion dinars, "
        f"about ${ctx.rng.randrange(20, 400)} million, on the health system this year.",
        f"The European Union announced an extra €{ctx.rng.randrange(5, 120)} million "
        f"for food and medicine.",
    ]
    return ctx.rng.choice(forms)


def s_rates(ctx: Ctx) -> str:
    t = max(0, ctx.t - ctx.lag)
    w = ctx.world
    forms = [
        f"The infection rate stands at {noisy(ctx, w.rate_per_100k(t)):.1f} cases per "
        f"100,000 residents, the highest in the region.",
        f"About {w.vaccinated_pct(t)} percent of adults have received a first dose, "
        f"the health ministry said.",
        f"Inflation rose to {w.inflation_pct(t):.1f}% in {(ctx.day - timedelta(days=30)):%B}, "
        f"the central bank said.",
        f"Hospital occupancy in {ctx.rng.choice(PLACES)} reached {ctx.rng.randrange(60, 130)} "
        f"percent {relative_day(ctx)}.",
        f"Prices of bread and fuel are up {ctx.rng.randrange(10, 90)} percent from a year earlier.",
        f"Testing capacity has risen to {fmt_int(ctx.rng.randrange(2, 30) * 500)} tests a day.",
    ]
    return ctx.rng.choice(forms)


def s_quote(ctx: Ctx) -> str:
    name, role = speaker(ctx)
    q = ctx.rng.choice(QUOTES)
    forms = [
        f'"{q}," {name}, {role}, {ctx.rng.choice(SAY)}.',
        f'"{q}," said {name}, {role}.',
        f'{name}, {role}, said: "{q}."',
        f'"{q}," {surname(name)} said {relative_day(ctx)}.',
    ]
    return ctx.rng.choice(forms)


def s_reported(ctx: Ctx) -> str:
    name, role = speaker(ctx)
    claim = ctx.rng.choice(CLAIMS)
    forms = [
        f"{name}, {role}, {ctx.rng.choice(REPORT_VERBS)} that {claim}.",
        f"According to {name}, {claim}.",
        f"{surname(name)} {ctx.rng.choice(REPORT_VERBS)} {relative_day(ctx)} that {claim}.",
        f"{ctx.rng.choice(GROUPS).capitalize()} said {claim}, a claim {name} denied.",
    ]
    return ctx.rng.choice(forms)


def s_talks(ctx: Ctx) -> str:
    name, role = speaker(ctx)
    d = ctx.day + timedelta(days=ctx.rng.randrange(1, 10))
    forms = [
        f"Talks between the government and the rebels are due to resume in Istra on "
        f"{d:%B} {d.day}.",
        f"{name}, {role}, proposed a {ctx.rng.randrange(3, 30)}-day truce to let convoys through.",
        f"The rebels rejected the offer, demanding the release of "
        f"{ctx.rng.randrange(50, 900)} prisoners.",
        f"Envoys will meet again next {WEEKDAYS[d.weekday()]}, {name} said.",
    ]
    return ctx.rng.choice(forms)


def s_filler(ctx: Ctx) -> str:
    return ctx.rng.choice(FILLER)


# Sentence makers by weight; a story kind leans on some of them.
MAKERS: list[Callable[[Ctx], str]] = [
    s_toll,
    s_fighting,
    s_displaced,
    s_money,
    s_rates,
    s_quote,
    s_reported,
    s_talks,
    s_filler,
]
KINDS: dict[str, list[int]] = {
    "epidemic": [6, 1, 1, 1, 4, 3, 3, 0, 2],
    "war": [1, 6, 3, 1, 1, 3, 3, 2, 2],
    "aid": [2, 1, 3, 6, 2, 2, 2, 1, 2],
    "talks": [1, 2, 1, 1, 0, 4, 4, 6, 2],
    "economy": [1, 1, 1, 4, 6, 2, 2, 0, 2],
}
TITLES = {
    "epidemic": "Outbreak toll rises in {place}",
    "war": "Clashes near {place} as fighting spreads",
    "aid": "Donors pledge aid as crisis deepens in {place}",
    "talks": "Envoys push for truce talks in {place}",
    "economy": "Prices soar in {place} amid war and epidemic",
}


def target_words(rng: random.Random) -> int:
    r, acc = rng.random(), 0.0
    for share, (lo, hi) in LENGTHS:
        acc += share
        if r < acc:
            return rng.randint(lo, hi)
    return rng.randint(*LENGTHS[-1][1])


def body(ctx: Ctx, kind: str, words: int) -> list[str]:
    """Paragraphs of one to three sentences until about ``words`` words."""
    weights = KINDS[kind]
    paras: list[str] = []
    count = 0
    while count < words:
        n = ctx.rng.choice((1, 1, 2, 2, 3))
        sents = [ctx.rng.choices(MAKERS, weights)[0](ctx) for _ in range(n)]
        para = " ".join(sents)
        paras.append(para)
        count += para.count(" ") + 1
    return paras


def article(rng: random.Random, world: World, i: int, t: int, undated: bool) -> dict[str, str]:
    day = START + timedelta(days=t)
    outlet = rng.choice(OUTLETS)
    ctx = Ctx(rng, world, t, day, outlet, rng.choice(PLACES), lag=OUTLETS.index(outlet) % 3)
    kind = rng.choice(list(KINDS))
    if undated:
        dateline = f"{ctx.place.upper()} ({outlet}) - "
    else:
        dateline = f"{ctx.place.upper()}, {day:%B} {day.day} ({outlet}) - "
    paras = body(ctx, kind, target_words(rng))
    paras[0] = dateline + paras[0]
    rec = {
        "id": f"gen-{i:07d}",
        "title": TITLES[kind].format(place=ctx.place),
        "source": outlet,
        "text": "\n\n".join(paras),
    }
    if not undated:
        rec["time"] = day.isoformat()
    return rec


def rewrite(rng: random.Random, world: World, orig: dict[str, str], i: int) -> dict[str, str]:
    """A near-duplicate: another outlet's rewrite of ``orig`` (a paragraph dropped or
    swapped, a sentence appended), published the same day or the next."""
    paras = orig["text"].split("\n\n")
    if len(paras) > 3:
        paras.pop(rng.randrange(1, len(paras)))
    if len(paras) > 3:
        a = rng.randrange(1, len(paras) - 1)
        paras[a], paras[a + 1] = paras[a + 1], paras[a]
    outlet = rng.choice([o for o in OUTLETS if o != orig.get("source")])
    for o in OUTLETS:
        paras[0] = paras[0].replace(f"({o})", f"({outlet})")
    paras.append(f"Reporting by {outlet} staff; editing by the {outlet} desk.")
    rec = dict(orig, id=f"gen-{i:07d}", source=outlet, text="\n\n".join(paras))
    if "time" in orig and rng.random() < 0.5:
        rec["time"] = (date.fromisoformat(orig["time"]) + timedelta(days=1)).isoformat()
    return rec


def generate(n: int, *, seed: int = 7, days: int = 365) -> Iterator[tuple[str, dict[str, str]]]:
    """``n`` records in arrival (roughly date) order, each with its kind: original,
    reprint, rewrite or undated."""
    rng = random.Random(seed)
    world = World(days)
    recent: deque[dict[str, str]] = deque(maxlen=200)
    for i in range(n):
        t = min(days - 1, max(0, int(i * days / max(n, 1)) + rng.randint(-1, 1)))
        r = rng.random()
        if recent and r < REPRINT_SHARE:
            orig = rng.choice(recent)
            outlet = rng.choice(OUTLETS)
            yield "reprint", dict(orig, id=f"gen-{i:07d}", source=outlet)
        elif recent and r < REPRINT_SHARE + REWRITE_SHARE:
            yield "rewrite", rewrite(rng, world, rng.choice(recent), i)
        else:
            undated = r > 1 - UNDATED_SHARE
            rec = article(rng, world, i, t, undated)
            recent.append(rec)
            yield ("undated" if undated else "original"), rec


def write(out: Path, n: int, *, files: int = 1, seed: int = 7, days: int = 365) -> dict[str, int]:
    """Write ``n`` records into ``files`` JSONL files under ``out``; their counts by kind and
    in words."""
    out.mkdir(parents=True, exist_ok=True)
    per_file = -(-n // max(1, files))
    stats: Counter[str] = Counter()
    records = generate(n, seed=seed, days=days)
    for f in range(-(-n // per_file) if n else 0):
        with (out / f"part-{f:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for kind, rec in islice(records, per_file):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                stats[kind] += 1
                words = rec["text"].count(" ") + 1
                stats["words"] += words
                size = "short" if words < 200 else "long" if words > 1100 else "normal"
                stats[f"length_{size}"] += 1
    return dict(stats)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True, help="folder for the JSONL files")
    ap.add_argument("--files", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--days", type=int, default=365, help="days the story spans")
    args = ap.parse_args()
    stats = write(args.out, args.articles, files=args.files, seed=args.seed, days=args.days)
    print(json.dumps({"articles": args.articles, "out": str(args.out), **stats}))


if __name__ == "__main__":
    main()
