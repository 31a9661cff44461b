"""Analysis throughput, and alias matching with 100 against 10,000 aliases (same process, ratios).

Run: .venv/bin/python benchmarks/bench_analysis.py

Then the same on the labelled development texts with the real alias table (the starter data loaded into
a throw-away database): articles/s of the analysis beside trafilatura on the HTML pages among them.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
os.environ.setdefault("DEBUG", "1")

from initiatives.analysis import AliasEntry, AliasIndex, analyse, extract_article  # noqa: E402

TEXT = (
    "GYEONGJU, South Korea (Reuters) - Chinese President Xi Jinping promoted a World Artificial Intelligence "
    "Cooperation Organisation at the APEC leaders' meeting in Gyeongju on Saturday, saying Shanghai could host it. "
    "The U.S. rejected regulating AI through international bodies. China will host APEC 2026 in Shenzhen. "
) * 8
PAGE = f"<html lang='en'><head><title>AI body</title></head><body><nav><a href='/'>China</a></nav><article><p>{TEXT}</p></article></body></html>"
BASE = [
    AliasEntry("China", "actor", "CHN", "China"),
    AliasEntry("Chinese", "actor", "CHN", "China", "demonym"),
    AliasEntry("Xi Jinping", "actor", "CHN", "China", "leader", dt.date(2013, 3, 14)),
    AliasEntry("US", "actor", "USA", "United States", "abbreviation"),
    AliasEntry("World AI Cooperation Organization", "framework", "waico", "WAICO"),
]


def synthetic(n):
    """n aliases: half actor names of 1-4 words, half framework names of 3-5 words, which also become
    word-order signatures (paraphrase.py), so both matchers are measured at the size."""
    rng = random.Random(n)
    words = [f"w{i}" for i in range(5000)]
    actors = [
        AliasEntry(" ".join(rng.sample(words, rng.randint(1, 4))), "actor", f"X{i}", f"X{i}")
        for i in range(n // 2)
    ]
    frameworks = [
        AliasEntry(" ".join(rng.sample(words, rng.randint(3, 5))), "framework", f"f{i}", f"F{i}")
        for i in range(n - n // 2)
    ]
    return BASE + actors + frameworks


def rate(fn, seconds=2.0):
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        count += 1
    return count / (time.perf_counter() - start)


def cpu_rate(fn, seconds=0.25):
    """Calls per second of this process's CPU time (what other processes on the machine take is not counted)."""
    count, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        fn()
        count += 1
    return count / (time.process_time() - start)


def rates_side_by_side(first, second, rounds=9, seconds=0.25):
    """The rates of two functions in CPU time, measured in alternating short rounds (a machine busy with
    other work slows both alike), and the median over the rounds of first's rate divided by second's."""
    pairs = [(cpu_rate(first, seconds), cpu_rate(second, seconds)) for _ in range(rounds)]
    return (
        statistics.median(a for a, _ in pairs),
        statistics.median(b for _, b in pairs),
        statistics.median(a / b for a, b in pairs),
    )


def main():
    small, large = AliasIndex(synthetic(100)), AliasIndex(synthetic(10_000))
    day = dt.date(2025, 11, 1)
    analysis, extraction, ratio = rates_side_by_side(
        lambda: analyse(TEXT, small, published=day), lambda: extract_article(PAGE)
    )
    both = rate(lambda: analyse(extract_article(PAGE).text, small, published=day))
    m100 = rate(lambda: analyse(TEXT, small, published=day))
    m10k = rate(lambda: analyse(TEXT, large, published=day))
    print(f"trafilatura extraction alone: {extraction:8.1f} pages/s")
    print(
        f"analysis alone:               {analysis:8.1f} articles/s ({ratio:.2f}x extraction, target >= 1.0; "
        "CPU time, median of alternating rounds)"
    )
    print(f"extraction + analysis:        {both:8.1f} articles/s")
    print(f"matching, 100 aliases:        {m100:8.1f} articles/s")
    print(f"matching, 10,000 aliases:     {m10k:8.1f} articles/s (ratio {m10k / m100:.2f}, target >= 0.5)")
    print(f"text: {len(TEXT):,} characters; signature buckets at 10,000: {len(large.signatures.by_anchor):,}")
    labelled()


def labelled():
    import django

    django.setup()
    from initiatives.analysis import read_document
    from initiatives.management.commands.evaluate_analysis import starter_data_index

    with starter_data_index() as index:
        folder = Path(__file__).resolve().parent.parent / "tests" / "data" / "analysis" / "dev"
        texts = [read_document(path).text for path in sorted(folder.glob("*.txt"))]
        pages = [path.read_bytes() for path in sorted(folder.glob("*.html"))]
        page_texts = [extract_article(page).text for page in pages]
        day = dt.date(2025, 11, 1)
        every = texts + page_texts

        def analyse_all():
            for text in every:
                analyse(text, index, published=day)

        def extract_all():
            for page in pages:
                extract_article(page)

        per_article = rate(analyse_all) * len(every)
        per_page = rate(extract_all) * len(pages) if pages else 0.0
        size = sum(map(len, every)) / len(every)
        print(
            f"dev set, real aliases ({len(index.entries):,}): analysis {per_article:8.1f} articles/s "
            f"({len(every)} texts, {size:,.0f} characters on average)"
        )
        if pages:
            print(
                f"dev set HTML pages ({len(pages)}): trafilatura {per_page:8.1f} pages/s "
                f"(analysis {per_article / per_page:.1f}x as fast)"
            )


if __name__ == "__main__":
    main()
