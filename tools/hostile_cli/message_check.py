"""The message rule of issue 18, checked on every refusal: an error names the file or argument
it is about and what was wrong, in a line a person reads.

A message is flagged ('vague') when it
  * names neither an argument (`--x`, `<image>`) nor a path given on the command line (the path,
    its file name, or a file inside a folder given),
  * is longer than MAX_CHARS characters, or
  * shows .NET internals: a type name (`System.IO...`, `...Exception`), a stack frame (`at X.Y(`),
    .NET's `(Parameter 'x')` tail or its stock sentences.
"""
import os
import re

MAX_CHARS = 300

INTERNALS = re.compile(
    r"\bSystem\.[A-Z]\w*|\bCamSharp\.[A-Z]\w*\.|\b\w+Exception\b|^\s*at \w+\.|\(Parameter '"
    r"|Object reference not set|Specified argument was out of the range|Exception of type"
    r"|Value cannot be null|Index was outside the bounds|Sequence contains no")
ARGUMENT = re.compile(r"--[a-z][a-z0-9-]*|<[a-z-]+>")


def error_lines(stderr):
    """The refusal's own lines: 'error: …' and the per-input failures listed under it."""
    lines, in_list = [], False
    for line in stderr.splitlines():
        if line.startswith("error: "):
            lines.append(line[len("error: "):])
            in_list = bool(re.match(r"error: \d+ of \d+ inputs failed.*:$", line))
        elif in_list and line.startswith("  "):
            lines.append(line.strip())
        else:
            in_list = False
    # "N of M inputs failed:" only introduces the list.
    return [l for l in lines if not re.fullmatch(r"\d+ of \d+ inputs failed.*:", l)]


def names_something(line, argv, cwd):
    if ARGUMENT.search(line):
        return True
    # A long path shown by its ends ('/tmp/a…/z/img.png') names the path it was cut from.
    for word in line.split():
        if "…" in word:
            head, tail = word.split("…", 1)
            head = head.lstrip("'\"(")
            tail = tail.rstrip(":.,;'")
            if len(head) >= 8 and len(tail) >= 8 and any(head in a and tail in a for a in argv):
                return True
    for arg in argv:
        if arg and f"'{arg}'" in line:  # a short value, quoted
            return True
        if len(arg) < 2 or arg.startswith("-"):
            continue
        candidates = {arg, os.path.basename(arg.rstrip("/")), os.path.relpath(arg, cwd) if os.path.isabs(arg) else arg}
        if any(len(c) >= 2 and c in line for c in candidates):
            return True
    return False


def problems(stderr, argv, cwd):
    """What is wrong with the messages of a refusal; an empty list when they are fine."""
    found = []
    lines = error_lines(stderr)
    if not lines and stderr.strip():
        lines = [stderr.strip().splitlines()[-1]]
    paths = sorted((a for a in argv if "/" in a and len(os.path.basename(a.rstrip("/"))) > 0), key=len, reverse=True)
    for line in lines:
        # A path the user typed counts by its file name: echoing it in full is not the message's fault.
        short = line
        for p in paths:
            short = short.replace(p, os.path.basename(p.rstrip("/")))
        if len(short) > MAX_CHARS:
            found.append(f"{len(short)} characters")
        if INTERNALS.search(line):
            found.append(f".NET internals ({INTERNALS.search(line).group(0)!r})")
        if not names_something(line, argv, cwd):
            found.append("names no argument or path")
    return found
