#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Host side of `make check-kunit`: judge what tests/kunit/run-kunit.sh left.

For each KUnit module the guest loaded, its part of the kernel log (between
the "SLUICE-KUNIT: begin NAME" and "SLUICE-KUNIT: loaded NAME" markers) is
turned into one KTAP document and parsed by the kernel's own parser
(tools/testing/kunit/kunit.py parse).  The run fails when:
  - kunit.py parse reports a failure, a crash or a missing test;
  - a test case did not pass (skips are listed, not failed);
  - the number of suites in the log differs from the number the module
    carries (its .kunit_test_suites section, read from the .ko here);
  - loading or unloading a module failed, or the guest never got to the end;
  - the kernel log or the console shows a KASAN, UBSAN, lockdep, RCU,
    sleep-in-atomic, WARN, BUG, oops or panic report anywhere outside the
    canary's part, or kmemleak reports a leak;
  - the canary's part lacks the KASAN and lockdep reports it provokes.

--self-test runs the same judgement over canned logs that must pass or
fail, so that the checker itself is tested.
"""

import argparse
import io
import os
import re
import struct
import sys

MARK = 'SLUICE-KUNIT: '
TIMESTAMP = re.compile(r'^\[\s*[0-9]+\.[0-9]+\] ?')
SPLAT = re.compile(
    r'BUG:|WARNING:|Oops|KASAN|UBSAN|general protection fault|'
    r'Kernel panic|kernel BUG|Call Trace:|RIP:|'
    r'possible circular locking|possible recursive locking|'
    r'suspicious RCU usage|sleeping function called from invalid context|'
    r'INFO: task .* blocked|kmemleak: [0-9]+ new suspected|'
    r'unreferenced object|list_add corruption|list_del corruption|'
    r'ODEBUG:')
CANARY_WANT = {
    'KASAN out-of-bounds report': re.compile(
        r'BUG: KASAN: slab-out-of-bounds'),
    'lockdep inversion report': re.compile(
        r'possible circular locking dependency'),
}


def strip(lines):
    return [TIMESTAMP.sub('', l.rstrip('\n')) for l in lines]


def kunit_suite_count(ko_path):
    """Entries of the .kunit_test_suites section of an ELF64 .ko."""
    with open(ko_path, 'rb') as f:
        elf = f.read()
    if elf[:4] != b'\x7fELF' or elf[4] != 2:
        raise ValueError(f'{ko_path}: not an ELF64 file')
    end = '<' if elf[5] == 1 else '>'
    shoff, = struct.unpack_from(end + 'Q', elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(end + 'HHH', elf, 0x3a)

    def shdr(i):
        return struct.unpack_from(end + 'IIQQQQIIQQ', elf,
                                  shoff + i * shentsize)

    stroff = shdr(shstrndx)[4]
    for i in range(shnum):
        h = shdr(i)
        name_end = elf.index(b'\0', stroff + h[0])
        if elf[stroff + h[0]:name_end] == b'.kunit_test_suites':
            return h[5] // 8
    return 0


def segment(lines, name, begin, end):
    """Lines strictly between the markers BEGIN NAME and END NAME."""
    out, inside, closed = [], False, False
    for l in lines:
        if l.startswith(f'{MARK}{begin} {name}') and \
           l[len(f'{MARK}{begin} {name}'):][:1] in ('', ' '):
            inside = True
            continue
        if inside and l.startswith(f'{MARK}{end} {name} '):
            closed = True
            break
        if inside:
            out.append(l)
    return out, inside, closed


def outside(lines, name):
    """Lines not within module NAME's begin .. unloaded markers."""
    out, inside = [], False
    for l in lines:
        if l.startswith(f'{MARK}begin {name}') and \
           l[len(f'{MARK}begin {name}'):][:1] in ('', ' '):
            inside = True
        elif inside and (l.startswith(f'{MARK}unloaded {name} ') or
                         l.startswith(f'{MARK}end ')):
            inside = False
        if not inside:
            out.append(l)
    return out


def marker_rc(lines, what, name):
    for l in lines:
        m = re.match(re.escape(f'{MARK}{what} {name} rc=') + r'(-?[0-9]+)$',
                     l)
        if m:
            return int(m.group(1))
    return None


_PARSER = None


def kunit_parser(kunit_py):
    """The kernel's KTAP parser (kunit_parser.py, next to kunit.py)."""
    global _PARSER
    if _PARSER is None:
        sys.path.insert(0, os.path.dirname(os.path.abspath(kunit_py)))
        import kunit_parser as kp  # pylint: disable=import-outside-toplevel
        _PARSER = kp
    return _PARSER


def leaves(test, path=()):
    """(name path, test) of every test case below a parsed test."""
    for sub in test.subtests:
        here = path + (sub.name,)
        if sub.subtests:
            yield from leaves(sub, here)
        else:
            yield here, sub


def parse_ktap(kunit_py, name, lines, n_suites, report):
    """Parse one module's KTAP with the kernel's parser.

    Returns (ok, [(path, status name)]).  Stricter than `kunit.py parse`,
    whose exit status stays 0 when a suite's result line is missing: any
    parser error, any suite or case that is not a success or a skip, and a
    suite count other than the module's fail.
    """
    kp = kunit_parser(kunit_py)
    good = (kp.TestStatus.SUCCESS, kp.TestStatus.SKIPPED)
    doc = ['KTAP version 1', f'1..{n_suites}'] + lines
    sys.stdout.flush()
    test = kp.parse_run_tests(doc)
    sys.stdout.flush()
    ok = True
    if test.status not in good or test.counts.errors:
        report(f'check-kunit: {name}: parser verdict {test.status.name}, '
               f'{test.counts.errors} errors')
        ok = False
    if len(test.subtests) != n_suites:
        report(f'check-kunit: {name}: {len(test.subtests)} suites in the '
               f'log, the module has {n_suites}')
        ok = False
    for suite in test.subtests:
        if suite.status not in good:
            report(f'check-kunit: {name}: suite {suite.name}: '
                   f'{suite.status.name}')
            ok = False
    cases = [(path, t.status.name) for path, t in leaves(test)]
    return ok, cases


def judge(kunit_py, modules, canary, dmesg, console, kmemleak, report):
    """modules: [(name, n_suites)]; canary: name or None.  True = pass."""
    ok = True
    lines = strip(dmesg) if dmesg is not None else None
    con = strip(console or [])

    if lines is None:
        report('check-kunit: no kernel log from the guest '
               '(it crashed or hung before the end)')
        return False
    if not any(l.startswith(f'{MARK}end status=') for l in lines):
        report('check-kunit: the guest run did not reach its end marker')
        ok = False

    for name, n_suites in modules:
        seg, began, closed = segment(lines, name, 'begin', 'loaded')
        if not began or not closed:
            report(f'check-kunit: {name}: its run is missing from the log')
            ok = False
            continue
        rc = marker_rc(lines, 'loaded', name)
        if rc != 0:
            report(f'check-kunit: {name}: insmod failed (rc={rc})')
            ok = False
        rc = marker_rc(lines, 'unloaded', name)
        if rc != 0:
            report(f'check-kunit: {name}: rmmod failed (rc={rc})')
            ok = False
        if n_suites == 0:
            report(f'check-kunit: {name}: the module carries no suite')
            ok = False
            continue
        parsed, cases = parse_ktap(kunit_py, name, seg, n_suites, report)
        ok &= parsed
        if not cases:
            report(f'check-kunit: {name}: no test case ran')
            ok = False
        bad = [c for c in cases if c[1] not in ('SUCCESS', 'SKIPPED')]
        for path, status in bad:
            report(f'check-kunit: {name}: {".".join(path)}: {status}')
        ok &= not bad
        skipped = [c for c in cases if c[1] == 'SKIPPED']
        for path, _ in skipped:
            report(f'check-kunit: {name}: {".".join(path)}: skipped')
        report(f'check-kunit: {name}: {n_suites} suites, {len(cases)} '
               f'cases, {len(cases) - len(bad) - len(skipped)} passed, '
               f'{len(skipped)} skipped, {len(bad)} not passed')

    rest, rest_con = lines, con
    if canary:
        cseg, began, closed = segment(lines, canary, 'begin', 'unloaded')
        if not began:
            report(f'check-kunit: canary {canary} did not run')
            ok = False
        for what, rx in CANARY_WANT.items():
            if not any(rx.search(l) for l in cseg):
                report(f'check-kunit: canary: no {what} in its log: the '
                       f'debug kernel or this check stopped seeing bugs')
                ok = False
        rest, rest_con = outside(lines, canary), outside(con, canary)

    splats = [l for l in rest if SPLAT.search(l)]
    splats += [l for l in rest_con if SPLAT.search(l) and l not in splats]
    if splats:
        report('check-kunit: kernel reports outside the canary:')
        for l in splats[:40]:
            report('  ' + l)
        ok = False

    leaks = [l for l in (kmemleak or []) if l.strip()]
    if kmemleak is None:
        report('check-kunit: no kmemleak report from the guest')
        ok = False
    elif leaks:
        report('check-kunit: kmemleak found leaks:')
        for l in leaks[:40]:
            report('  ' + l.rstrip())
        ok = False
    return ok


def read_lines(path):
    try:
        with open(path, errors='backslashreplace') as f:
            return f.read().splitlines()
    except OSError:
        return None


# ---------------------------------------------------------------- self-test

def _suite(name, results, num=1, plan=None, ts=True):
    """Kernel-log lines of one suite run: results = [(case, 'ok'|'not ok')]."""
    t = '[   12.345678] ' if ts else ''
    n = len(results) if plan is None else plan
    out = [f'{t}    KTAP version 1', f'{t}    # Subtest: {name}',
           f'{t}    1..{n}']
    status = 'ok'
    for i, (case, res) in enumerate(results, 1):
        if res == 'not ok':
            out.append(f'{t}    # {case}: EXPECTATION FAILED at x.c:1')
            status = 'not ok'
        out.append(f'{t}    {res} {i} {case}')
    if plan is not None and plan != len(results):
        status = 'not ok'
    out.append(f'{t}{status} {num} {name}')
    return out


def _run(mods, canary_lines=None, extra=None, end=True, rc='0', leak=''):
    t = '[    1.000000] '
    log = [t + 'Linux version 6.1.192 (sluice debug)']
    for name, suites in mods:
        log.append(f'{t}{MARK}begin {name}')
        for s in suites:
            log += s
        log += extra or []
        log.append(f'{t}{MARK}loaded {name} rc={rc}')
        log.append(f'{t}{MARK}unloaded {name} rc=0')
    if canary_lines is not None:
        log.append(f'{t}{MARK}begin canary')
        log += canary_lines
        log.append(f'{t}{MARK}loaded canary rc=0')
        log.append(f'{t}{MARK}unloaded canary rc=0')
    if end:
        log.append(f'{t}{MARK}end status=0')
    return log, [leak] if leak else []


def self_test(kunit_py):
    good = [_suite('a', [('x', 'ok'), ('y', 'ok')]),
            _suite('b', [('z', 'ok')], 2)]
    canary_ok = (['[    2.0] BUG: KASAN: slab-out-of-bounds in canary+0x1',
                  '[    2.0] WARNING: possible circular locking dependency '
                  'detected'] +
                 _suite('sluice_canary',
                        [('canary_lock_inversion', 'ok'),
                         ('canary_slab_out_of_bounds', 'ok')]))
    cases = [
        ('all pass', True, [('m', 2)], _run([('m', good)], canary_ok)),
        ('a failed expectation', False, [('m', 2)],
         _run([('m', [good[0], _suite('b', [('z', 'not ok')], 2)])],
              canary_ok)),
        ('a missing test case', False, [('m', 2)],
         _run([('m', [good[0], _suite('b', [('z', 'ok')], 2, plan=2)])],
              canary_ok)),
        ('a missing suite', False, [('m', 3)],
         _run([('m', good)], canary_ok)),
        ('a KASAN report in a passing suite', False, [('m', 2)],
         _run([('m', good)], canary_ok,
              extra=['[    3.0] BUG: KASAN: use-after-free in f+0x1'])),
        ('a lockdep report', False, [('m', 2)],
         _run([('m', good)], canary_ok,
              extra=['[    3.0] WARNING: suspicious RCU usage'])),
        ('a WARN', False, [('m', 2)],
         _run([('m', good)], canary_ok,
              extra=['[    3.0] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1'])),
        ('insmod failed', False, [('m', 2)],
         _run([('m', good)], canary_ok, rc='1')),
        ('no end marker', False, [('m', 2)],
         _run([('m', good)], canary_ok, end=False)),
        ('a leak', False, [('m', 2)],
         _run([('m', good)], canary_ok,
              leak='unreferenced object 0xffff888 (size 64):')),
        ('a silent canary', False, [('m', 2)],
         _run([('m', good)], canary_ok[2:])),
        ('a crashed test', False, [('m', 2)],
         _run([('m', [good[0], _suite('b', [('z', 'ok')], 2)[:4]])],
              canary_ok)),
    ]
    failed = 0
    printer = kunit_parser(kunit_py).stdout
    for what, want, mods, (dmesg, leak) in cases:
        lines = []
        # Keep the parser's own report for verdicts that come out wrong.
        saved, printer._output = printer._output, io.StringIO()
        try:
            got = judge(kunit_py, mods, 'canary', dmesg, [], leak,
                        lines.append)
        finally:
            parsed, printer._output = printer._output.getvalue(), saved
        lines = parsed.splitlines() + lines
        verdict = 'ok' if got == want else 'WRONG'
        print(f'check-kunit self-test: {what}: '
              f'{"pass" if got else "fail"} ({verdict})')
        if got != want:
            failed += 1
            print('\n'.join('    ' + l for l in lines))
    print(f'check-kunit self-test: {len(cases) - failed}/{len(cases)} '
          f'verdicts right')
    return failed == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kunit-py', required=True,
                    help="the kernel's tools/testing/kunit/kunit.py")
    ap.add_argument('--out', help="vm-run's results directory ($VM_OUT)")
    ap.add_argument('--module', action='append', default=[],
                    help='a KUnit module the guest loaded')
    ap.add_argument('--canary', help='the canary module')
    ap.add_argument('--self-test', action='store_true')
    args = ap.parse_args()

    if not os.path.isfile(args.kunit_py):
        sys.exit(f'check-kunit: {args.kunit_py} missing')
    if args.self_test:
        sys.exit(0 if self_test(args.kunit_py) else 1)
    if not args.out or not args.module:
        ap.error('--out and --module are required')

    mods = []
    for ko in args.module:
        name = os.path.basename(ko)[:-len('.ko')]
        mods.append((name, kunit_suite_count(ko)))
    canary = os.path.basename(args.canary)[:-3] if args.canary else None
    ok = judge(args.kunit_py, mods, canary,
               read_lines(os.path.join(args.out, 'kunit-dmesg.log')),
               read_lines(os.path.join(args.out, 'console.log')),
               read_lines(os.path.join(args.out, 'kmemleak.log')), print)
    print('check-kunit: ' + ('all suites passed' if ok else 'FAILED'))
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
