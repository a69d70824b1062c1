#!/usr/bin/env python3
"""Writes src/startup_sections.ld: the code the small calls run, gathered at the start of the text.

A keywrap or keyunwrap runs a few hundred functions spread over 3 MB of code; every 64 KiB window
of it that they touch costs a page fault (the kernel maps 16 cached pages around the one touched).
Gathered in one output section, they touch a few windows instead of a few dozen.

Usage: startup_layout.py BINARY LINK_MAP [--callgrind FILE]... [--faults FILE]...
  LINK_MAP    the binary's GNU ld map (-Wl,-Map)
  --callgrind callgrind outputs (--demangle=no) of the small calls: every function they ran
  --faults    `perf script -F addr` outputs of page faults of those calls on this machine: what
              valgrind's simulated CPU did not pick (string functions' AVX-512 variants)
Prints the linker script. Only the layout depends on it: a stale or missing entry costs a page
fault, never correctness.
"""
import argparse
import bisect
import re
import subprocess

# Multi-architecture string functions: the variant a CPU picks at start is not the one valgrind's
# picks, so every variant of a function that ran is kept together.
MULTIARCH = re.compile(r"^__(?P<base>[a-z]+?)_(sse2|ssse3|sse4_[12]|avx2?|avx512|evex|erms|rtm)")


def executed_functions(callgrind_files):
    names = set()
    for path in callgrind_files:
        with open(path, errors="replace") as f:
            for line in f:
                match = re.match(r"c?fn=\(\d+\)\s+(.*)$", line)
                if match:
                    names.add(match.group(1).strip())
    return names


def symbol_addresses(binary):
    addresses = {}
    listing = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True,
                             check=True).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTWwi":
            addresses.setdefault(parts[2], int(parts[0], 16))
    return addresses


def input_sections(link_map):
    """(start, end, section, file) of every code input section the map places."""
    with open(link_map, errors="replace") as f:
        lines = f.read().split("Linker script and memory map", 1)[1].splitlines()
    sections = []
    head = re.compile(r"^ (\.text(?:\.\S*)?)(?:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S.*))?$")
    tail = re.compile(r"^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S.*)$")
    for i, line in enumerate(lines):
        match = head.match(line)
        if not match:
            continue
        if match.group(2) is None:
            match = tail.match(lines[i + 1]) if i + 1 < len(lines) else None
            if not match:
                continue
            start, size, file = int(match.group(1), 16), int(match.group(2), 16), match.group(3)
            name = line.strip()
        else:
            name, start, size, file = (match.group(1), int(match.group(2), 16),
                                       int(match.group(3), 16), match.group(4))
        if size > 0 and start > 0:
            sections.append((start, start + size, name, file.strip()))
    return sorted(sections)


def pattern(section):
    _, _, name, file = section
    member = re.match(r"(?:.*/)?([^/(]+)\((.+)\)$", file)
    if member:
        return f"*{member.group(1)}:{member.group(2)}({name})"
    return f"*{file.rsplit('/', 1)[-1]}({name})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("link_map")
    parser.add_argument("--callgrind", action="append", default=[])
    parser.add_argument("--faults", action="append", default=[])
    args = parser.parse_args()
    addresses = symbol_addresses(args.binary)
    names = executed_functions(args.callgrind)
    bases = {m.group("base") for m in map(MULTIARCH.match, names) if m}
    names |= {n for n in addresses if (m := MULTIARCH.match(n)) and m.group("base") in bases}
    wanted = {addresses[n] for n in names if n in addresses}
    for path in args.faults:
        with open(path) as f:
            wanted |= {int(word, 16) for line in f for word in line.split()[:1]}
    chosen = chosen_sections(input_sections(args.link_map), wanted)
    print("/* Written by scripts/startup_layout.py (run scripts/startup_layout.sh): the code that")
    print("   --version, keywrap and keyunwrap run, in one output section at the start of the text.")
    print(f"   {len(chosen)} input sections, {sum(e - s for s, e, _, _ in chosen)} bytes. Data stays")
    print("   where it is: glibc's start-up depends on the order of its own data. */")
    print("SECTIONS\n{\n  .text.hot : {")
    for section in chosen:
        print("    " + pattern(section))
    print("  }\n}\nINSERT BEFORE .text;")


def chosen_sections(sections, addresses):
    starts = [s[0] for s in sections]
    chosen = {}
    for address in sorted(addresses):
        k = bisect.bisect_right(starts, address) - 1
        if k >= 0 and sections[k][0] <= address < sections[k][1] and ".kbs" not in sections[k][2]:
            chosen[k] = sections[k]
    return [chosen[k] for k in sorted(chosen)]


if __name__ == "__main__":
    main()
