#!/usr/bin/env python3
"""Turns the small-area, local-authority and 2011-town files of ../shared/data/ into bundled ONS-style releases.

Companion of bua2022_releases.py (which writes the register `bua2022-towns` and the other 2022-town releases, the
first entries of index.json). This script:

  1. builds a crosswalk from small areas (LSOA 2011, LSOA 2021, MSOA 2021) to the 2022 built-up areas of the
     register, because the shared data holds no official LSOA21 -> BUA22 lookup (see docs/crosswalk.md);
  2. writes it as `kind: lookup` releases (each small area -> at most one 2022 town, with a population weight;
     town -> local authority 2022);
  3. writes the small-area and local-authority series as `kind: observations` releases;
  4. rewrites index.json: drops the entries of files it owns (from a previous run), inserts its own right after the
     bua2022 entries (lookups first), keeps any other entry;
  5. writes docs/crosswalk.md (method, match rate, limitations).

Format: Explore Local Statistics tidy CSV (AREACD, AREANM, Indicator, Period, Observation, Unit, Observation Status),
gzip with mtime 0, rows sorted: re-running it on the same inputs produces the same bytes. Python 3 standard library.
Every release stays below 4.9 MB decompressed (ingest-service's test profile refuses releases above 5,000,000 bytes),
so large tables are split into several datasets by indicator group. Small-area observation rows leave AREANM empty
(the names are in the lookup releases) to keep the bundle small.

Every small area of England and Wales gets a `weight` row in its lookup, mapped or not: ingest-service accepts an
observation only for an area code already in the register (codes of register and lookup releases), and a weight row
without a `town` row maps the area to no town. Local-authority codes (LAD 2022) are registered by `name` rows in the
town -> local authority lookup.

Sources: Office for National Statistics (Census 2021, small-area population estimates, lookups, drug-poisoning deaths,
pubs and bars, towns), Ministry of Housing, Communities and Local Government (English Indices of Deprivation 2019 and
2025), Welsh Government (WIMD 2019); Open Government Licence v3.0. See ../shared/data/README.md for each file.

Usage: deploy/tools/shared_releases.py [data-dir] [releases-dir] [crosswalk.md]
"""
import collections
import csv
import gzip
import io
import json
import math
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '../../../shared/data')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '../../contracts/src/main/resources/releases')
DOC = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, '../../docs/crosswalk.md')

LICENCE = 'Open Government Licence v3.0'
RELEASE_DATE = '2026-11-28'          # the date these repackaged releases were made (upstream dates are in the titles)
MAX_BYTES = 4_900_000                # per release, decompressed (ingest test profile: 5,000,000)
# files this script owns: every file it writes starts with one of these prefixes, and no other script may use them
# (index entries and files of a previous run carrying them are dropped before writing)
OWNED = ('crosswalk-', 'census2021-ts0', 'imd2025-', 'iod2019-', 'wimd2019-', 'mye-lsoa11-', 'la-drug-poisoning-',
         'la-population-', 'la-pubs-and-bars-', 'towns2011-')

XW_EDITION = '2026-11'
XW_SOURCE = 'Resilience Radar crosswalk from ONS lookups (name match of 2011 towns to 2022 towns)'
XW_URL = 'https://geoportal.statistics.gov.uk/'
ONS = 'Office for National Statistics'
MHCLG = 'Ministry of Housing, Communities and Local Government'


def path(name):
    return os.path.join(DATA, name)


def read(name):
    with open(path(name), encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------------------------------------------

def num(s):
    """A float from a source cell, or None for blank / NA / a data marking."""
    s = (s or '').strip()
    if s == '' or s.upper() in ('NA', 'N/A', '..', 'X', '*', ':', '[C]', '[X]'):
        return None
    return float(s)


def sig(x, n=4):
    """x rounded to n significant digits (never below integer precision), plain notation."""
    if x is None:
        return None
    if x == 0:
        return '0'
    d = max(0, n - 1 - int(math.floor(math.log10(abs(x)))))
    s = '%.*f' % (d, x)
    if '.' in s:
        s = s.rstrip('0').rstrip('.')
    return '0' if s in ('-0', '') else s


def count(x):
    return None if x is None else str(int(round(x)))


# ---------------------------------------------------------------------------------------------------------------
# release writer and index
# ---------------------------------------------------------------------------------------------------------------

written = []          # index entries, in order: lookups first, then observations
IDS = {}              # file -> indicator ids it carries
HEADER = ['AREACD', 'AREANM', 'Indicator', 'Period', 'Observation', 'Unit', 'Observation Status']
GSS = re.compile(r'^[EWSNK]\d{8}$')


def row(area, name, indicator, period, value, unit, status=None):
    """One tidy row; value None = not available (empty observation with a data marking, `..` unless given)."""
    if value is None:
        return [area, name, indicator, period, '', unit, status or '..']
    return [area, name, indicator, period, value, unit, '']


def release(file, dataset, edition, title, kind, rows, source, url, indicators=None):
    rows = sorted(rows, key=lambda r: (r[2], r[3], r[0])) if kind == 'observations' else sorted(rows, key=lambda r: (r[0], r[2], r[3]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(HEADER)
    w.writerows(rows)
    data = buf.getvalue().encode('utf-8')
    if len(data) > MAX_BYTES:
        raise SystemExit('%s is %d bytes decompressed, above %d: split it' % (file, len(data), MAX_BYTES))
    keys = set()
    for r in rows:
        if not GSS.match(r[0]):
            raise SystemExit('%s: not a GSS code %r' % (file, r[0]))
        k = (r[2], r[0], r[3])
        if k in keys:
            raise SystemExit('%s: duplicate %r' % (file, k))
        keys.add(k)
    with open(os.path.join(OUT, file), 'wb') as f:
        with gzip.GzipFile(filename='', mode='wb', fileobj=f, mtime=0) as gz:
            gz.write(data)
    IDS[file] = sorted({r[2] for r in rows})
    written.append(dict(file=file, datasetId=dataset, edition=edition, version=1, kind=kind, releaseDate=RELEASE_DATE,
                        title=title, source=source, licence=LICENCE, sourceUrl=url, synthetic=False,
                        observations=len(rows)))
    return rows


# ---------------------------------------------------------------------------------------------------------------
# 1. inputs shared by the crosswalk and the releases
# ---------------------------------------------------------------------------------------------------------------

towns22 = sorted(read('ons_towns_bua2022_ew_classification.csv'), key=lambda r: r['bua22cd'])
TOWN = {r['bua22cd']: r for r in towns22}
DEFAULT_SIZES = ('Small', 'Medium', 'Large')

msoa_bua11 = read('ons_lookup_msoa11_buasd11_bua11_lad11_rgn11_ew.csv')
MSOA11_NAME = {r['MSOA11CD']: r['MSOA11NM'] for r in msoa_bua11}
MSOA11_BY_NAME = {r['MSOA11NM']: r['MSOA11CD'] for r in msoa_bua11}

lsoa_lookup = read('ons_lookup_lsoa11_lsoa21_lad22_ew.csv')
LSOA11_NAME, LSOA21_NAME, LSOA21_LAD = {}, {}, {}
LAD22_NAME = {}
CHILDREN = collections.defaultdict(list)   # lsoa11 -> lsoa21 codes
for r in lsoa_lookup:
    LSOA11_NAME[r['lsoa11_code']] = r['lsoa11_name']
    LSOA21_NAME[r['lsoa21_code']] = r['lsoa21_name']
    LSOA21_LAD[r['lsoa21_code']] = r['ltla22_code']
    LAD22_NAME[r['ltla22_code']] = r['ltla22_name']
    CHILDREN[r['lsoa11_code']].append(r['lsoa21_code'])
CHANGE = {}
for r in lsoa_lookup:
    CHANGE.setdefault(r['lsoa21_code'], set()).add(r['change_code'])

# LSOA11 -> MSOA11: the LSOA name is the MSOA name plus one letter
LSOA11_MSOA11 = {}
for code, name in LSOA11_NAME.items():
    m = MSOA11_BY_NAME.get(name[:-1])
    if m is None:
        raise SystemExit('no MSOA11 named %r (from LSOA11 %s)' % (name[:-1], code))
    LSOA11_MSOA11[code] = m

ts019 = read('ons_census2021_ts019_migrant_indicator_msoa21_ew.csv')
MSOA21_NAME = {r['msoa21_code']: r['msoa21_name'] for r in ts019}
MSOA21_BY_NAME = {v: k for k, v in MSOA21_NAME.items()}
MSOA21_RESIDENTS = {r['msoa21_code']: float(r['all_usual_residents']) for r in ts019}
LSOA21_MSOA21 = {}
for code, name in LSOA21_NAME.items():
    m = MSOA21_BY_NAME.get(name[:-1])
    if m is None:
        raise SystemExit('no MSOA21 named %r (from LSOA21 %s)' % (name[:-1], code))
    LSOA21_MSOA21[code] = m

mye = read('ons_mid_year_population_lsoa11_2017_2019_2020_age_bands_ew.csv')
POP11 = {r['lsoa11_code']: float(r['total']) for r in mye if r['year'] == '2020'}
POP11_BY_YEAR = collections.defaultdict(dict)
for r in mye:
    POP11_BY_YEAR[r['year']][r['lsoa11_code']] = float(r['total'])
assert set(POP11) == set(LSOA11_NAME), 'mid-2020 estimates do not cover every LSOA11'

ts054 = read('ons_census2021_ts054_tenure_lsoa21_ew.csv')
HH21 = {r['lsoa21_code']: float(r['total_households']) for r in ts054}

# LSOA11 -> LSOA21 shares (S: split, X: irregular): a parent's population goes to its children by Census 2021
# households; U and M: all of it to the one child.
SHARE = {}
for p, kids in CHILDREN.items():
    tot = sum(HH21.get(k, 0) for k in kids)
    for k in kids:
        SHARE[(p, k)] = (HH21.get(k, 0) / tot) if tot else 1 / len(kids)
PARENTS = collections.defaultdict(list)
for (p, k) in SHARE:
    PARENTS[k].append(p)
POP21 = collections.defaultdict(float)                   # mid-2020 population re-based to LSOA21
POP21_BY_YEAR = collections.defaultdict(lambda: collections.defaultdict(float))
for (p, k), s in SHARE.items():
    POP21[k] += POP11[p] * s
    for y, pops in POP11_BY_YEAR.items():
        POP21_BY_YEAR[y][k] += pops[p] * s
MSOA11_POP = collections.defaultdict(float)
for l, m in LSOA11_MSOA11.items():
    MSOA11_POP[m] += POP11[l]

# MSOA11 -> LAD22 (for local-authority qualifiers in town names and for LAD11 -> LAD22 translation)
msoa_msoa = read('ons_lookup_msoa11_msoa21_lad22_ew.csv')
MSOA11_LAD22 = {r['MSOA11CD']: r['LAD22CD'] for r in msoa_msoa}


# ---------------------------------------------------------------------------------------------------------------
# 2. the crosswalk: 2022 towns <- 2011 towns (by name) <- MSOA11 <- LSOA11 -> LSOA21 -> MSOA21
# ---------------------------------------------------------------------------------------------------------------

def fold(s):
    s = unicodedata.normalize('NFKD', s)
    return ''.join(c for c in s if not unicodedata.combining(c))


def norm(s):
    """Normalised town name: case, accents, punctuation, St./Saint, &/and, BUA/BUASD suffix."""
    s = fold(s.strip())
    s = re.sub(r'\s+BUA(SD)?$', '', s)
    s = s.lower().replace('&', ' and ').replace('\u2019', "'").replace("'", '')
    s = re.sub(r'\bsaint\b', 'st', s)
    s = re.sub(r'\bst\.', 'st ', s)
    s = re.sub(r'[-.,]', ' ', s)
    s = re.sub(r'\s*/\s*', '/', s)
    return re.sub(r'\s+', ' ', s).strip()


def base(n):
    return re.sub(r'\s*\([^)]*\)', '', n).strip()


def qualifier(n):
    m = re.search(r'\(([^)]*)\)', n)
    return m.group(1).strip() if m else ''


AFFIXES = (r'^royal ', r' on sea$', r' upon thames$', r' on thames$', r' garden city$', r' spa$')


def affix(n):
    """Decorative parts 2011 and 2022 names do not share ('Royal ', '-on-Sea', '-upon-Thames', ' Spa', ...)."""
    for a in AFFIXES:
        n = re.sub(a, '', n)
    return n.strip()


def la_norm(s):
    s = norm(s)
    s = re.sub(r'^(city of|county of) ', '', s)
    s = re.sub(r', city of$| city of$', '', s)
    return s


class Unit:
    """A 2011 town unit: a built-up area (E34/W37/K05) or sub-division (E35/W38/K06)."""

    def __init__(self, code, name):
        self.code, self.name = code, name
        self.sd = code[:3] in ('E35', 'W38', 'K06')
        self.msoas, self.regions, self.lads = set(), set(), set()
        self.parent = None
        n = norm(name)
        self.full, self.base, self.qual = n, base(n), qualifier(n)
        self.aff = affix(self.base)
        self.parts = set(affix(p.strip()) for p in self.base.split('/')) if '/' in self.base else set()
        if n in ALIASES:
            self.full = self.base = self.aff = ALIASES[n]


# 2011 names that are not the 2022 name in another language or spelling (ONS used the Welsh name for Oswestry)
ALIASES = {'croesowallt': 'oswestry'}


UNITS = {}
for r in msoa_bua11:
    for code, name in ((r['BUASD11CD'], r['BUASD11NM']), (r['BUA11CD'], r['BUA11NM'])):
        if code:
            u = UNITS.setdefault(code, Unit(code, name))
            u.msoas.add(r['MSOA11CD'])
            u.regions.add(r['RGN11NM'])
            u.lads.add(la_norm(r['LAD11NM']))
            lad22 = MSOA11_LAD22.get(r['MSOA11CD'])
            if lad22:
                u.lads.add(la_norm(LAD22_NAME.get(lad22, '')))
    if r['BUASD11CD']:
        UNITS[r['BUASD11CD']].parent = r['BUA11CD']
# 2011 units without a best-fit MSOA (they have no small areas, but their town-level series can be matched)
education = read('ons_english_towns_education_2011codes.csv')
coastal11 = read('ons_coastal_towns_2020_2011codes.csv')
for code, name, region in ([(r['town_code'], r['town_name'], r['region']) for r in education] +
                           [(r['Town Code'], r['Town Name'], r['Region/Country']) for r in coastal11]):
    if GSS.match(code) and code not in UNITS:
        u = UNITS.setdefault(code, Unit(code, name))
        u.regions.add(region)

BY_REGION = collections.defaultdict(list)
for u in UNITS.values():
    for g in u.regions:
        BY_REGION[g].append(u)


def mapped_pop(units):
    return sum(MSOA11_POP[m] for u in units for m in u.msoas)


def prefer_subdivisions(cands):
    """Of a BUA and its own sub-division with the same name, keep the sub-division."""
    sds = {u.parent for u in cands if u.sd}
    return [u for u in cands if u.sd or u.code not in sds]


def pick(town, cands):
    """Resolves several candidates of one tier: sub-division first, then the town's qualifier (its local
    authority), then population (only when one candidate is clearly the right size). None when still ambiguous."""
    cands = prefer_subdivisions(list({u.code: u for u in cands}.values()))
    if len(cands) > 1:
        # distinct units with the same normalised name: a BUA and a same-named sub-division of another BUA
        names = {u.full for u in cands}
        if len(names) == 1 and any(u.sd for u in cands):
            cands = [u for u in cands if u.sd]
    q = la_norm(qualifier(norm(town['bua22nm'])))
    if q:
        # the 2022 qualifier names the local authority (2022) or county: keep the units in it, when any is
        by_q = [u for u in cands if q in u.lads or q == la_norm(u.qual)]
        if by_q:
            cands = by_q
    if len(cands) > 1:
        pop = float(town['pop2021'])
        fit = sorted((abs(math.log(max(mapped_pop([u]), 1) / pop)), u.code, u) for u in cands)
        if fit[0][0] < math.log(2) and fit[1][0] > math.log(3):
            cands = [fit[0][2]]
    return cands if len(cands) == 1 else None


TIERS = {1: 'exact name', 2: 'name without qualifier', 3: 'name without decorative affix',
         4: 'same set of names (2022 "A and B" = 2011 "A/B")', 5: 'name = 2011 qualifier',
         6: 'part of a 2011 "A/B" name', 7: 'parts of a 2022 "A and B" name'}


def match(town):
    """(tier, [units]) for a 2022 town, or (None, reason)."""
    n = norm(town['bua22nm'])
    b = base(n)
    a = affix(b)
    comps = [affix(c.strip()) for c in re.split(r',| and | with ', b) if c.strip()]
    pool = BY_REGION.get(town['region'], [])
    tests = [
        (1, lambda u: u.full == n),
        (2, lambda u: u.base == b),
        (3, lambda u: u.aff == a),
        (4, lambda u: len(comps) > 1 and u.parts == set(comps)),
        (5, lambda u: u.qual != '' and u.qual == b),
        (6, lambda u: a in u.parts),
    ]
    ambiguous = False
    for tier, test in tests:
        cands = [u for u in pool if test(u)]
        if cands:
            chosen = pick(town, cands)
            if chosen:
                return tier, chosen
            ambiguous = True
    if len(comps) > 1:
        # each part of "A and B" by its exact 2011 name (no qualifier dropped, no affix: "Ash" is not "Ash (Dover)")
        got = []
        for c in comps:
            cands = [u for u in pool if c == u.full]
            chosen = pick(town, cands) if cands else None
            if chosen:
                got += chosen
        # the parts must lie in one local authority (2022), else they are namesakes
        lads = [set(MSOA11_LAD22[m] for m in u.msoas) for u in got if u.msoas]
        if got and (len(lads) < 2 or set.intersection(*lads)):
            return 7, got
    return None, ('several 2011 units of that name in the region' if ambiguous else 'no 2011 unit of that name in the region')


claims = {}                                 # town code -> (tier, units)
no_match = {}
for t in towns22:
    tier, got = match(t)
    if tier is None:
        no_match[t['bua22cd']] = got
    else:
        claims[t['bua22cd']] = (tier, got)

# a unit claimed by several towns goes to the best tier; a tie gives it to none of them
claimants = collections.defaultdict(list)
for tc, (tier, units) in claims.items():
    for u in units:
        claimants[u.code].append((tier, tc))
owner = {}
contested = set()
for uc, cl in claimants.items():
    cl.sort()
    if len(cl) > 1 and cl[0][0] == cl[1][0]:
        contested.update(tc for tier, tc in cl if tier == cl[0][0])
    else:
        owner[uc] = cl[0][1]

# MSOA11 -> town: the owner of its sub-division, else the owner of its built-up area
msoa_town = {}
for r in msoa_bua11:
    t = owner.get(r['BUASD11CD']) if r['BUASD11CD'] else None
    if t is None and r['BUA11CD'] and (not r['BUASD11CD'] or r['BUASD11CD'] not in owner):
        t = owner.get(r['BUA11CD'])
    if t:
        msoa_town[r['MSOA11CD']] = t

# population check: the MSOAs reached must be the size of the 2022 town (MSOAs are ~8,000 people, so a small town
# may be reached through one MSOA larger than itself); outside the bounds the match is rejected, never stretched
LOW, HIGH, HIGH_ONE_MSOA = 0.5, 2.0, 3.0
by_town_msoas = collections.defaultdict(list)
for m, t in msoa_town.items():
    by_town_msoas[t].append(m)
rejected = {}
ratio = {}
for t, ms in by_town_msoas.items():
    pop = float(TOWN[t]['pop2021'])
    r = sum(MSOA11_POP[m] for m in ms) / pop
    ratio[t] = r
    high = HIGH_ONE_MSOA if len(ms) == 1 else HIGH
    if r < LOW or r > high:
        rejected[t] = ('2011 unit(s) cover %.0f%% of the 2022 population (%d MSOA%s)'
                       % (100 * r, len(ms), '' if len(ms) == 1 else 's'))
for t in rejected:
    for m in by_town_msoas[t]:
        del msoa_town[m]

# a 2022 town named like its local authority that got no MSOA (the 2011 units do not carry its name: e.g. Dartford's
# MSOAs were in "Bexley BUASD") takes the built-up MSOAs of that authority no other town has; MSOA names carry the
# authority's name ("Dartford 004"). Same population check.
MSOA11_ROW = {r['MSOA11CD']: r for r in msoa_bua11}
LAD22_BY_NAME = {}
for code, name in LAD22_NAME.items():
    LAD22_BY_NAME.setdefault(la_norm(name), code)
la_named = {}
for t in towns22:
    tc = t['bua22cd']
    if any(msoa_town.get(m) == tc for m in by_town_msoas.get(tc, [])):
        continue
    lad = LAD22_BY_NAME.get(base(norm(t['bua22nm'])))
    if not lad:
        continue
    ms = sorted(m for m, l in MSOA11_LAD22.items() if l == lad and m not in msoa_town
                and MSOA11_ROW[m]['BUA11CD'] and MSOA11_ROW[m]['RGN11NM'] == t['region'])
    if not ms:
        continue
    r = sum(MSOA11_POP[m] for m in ms) / float(t['pop2021'])
    if LOW <= r <= (HIGH_ONE_MSOA if len(ms) == 1 else HIGH):
        for m in ms:
            msoa_town[m] = tc
        la_named[tc] = ms
        ratio[tc] = r
        rejected.pop(tc, None)
        claims[tc] = (8, [])
TIERS[8] = 'named like its local authority: the authority\'s unclaimed built-up MSOAs'

# LSOA11 -> town through its MSOA11
lsoa11_town = {l: msoa_town[m] for l, m in LSOA11_MSOA11.items() if m in msoa_town}


def best(weights):
    """The key with the most weight (None = no town competes like a town); deterministic tie-break."""
    if not weights:
        return None
    return max(weights.items(), key=lambda kv: (kv[1], kv[0] or ''))[0]


# LSOA21 -> town: U/S inherit the parent's town; M/X: the town holding most of the re-based population
lsoa21_town = {}
for k in LSOA21_NAME:
    w = collections.defaultdict(float)
    for p in PARENTS[k]:
        w[lsoa11_town.get(p)] += POP11[p] * SHARE[(p, k)]
    t = best(w)
    if t:
        lsoa21_town[k] = t
# MSOA21 -> town: the town holding most of its LSOA21 population
msoa21_pop = collections.defaultdict(lambda: collections.defaultdict(float))
for k, m in LSOA21_MSOA21.items():
    msoa21_pop[m][lsoa21_town.get(k)] += POP21[k]
msoa21_town = {}
for m in MSOA21_NAME:
    t = best(msoa21_pop.get(m, {}))
    if t:
        msoa21_town[m] = t
# town -> LAD22: the local authority holding most of the town's (re-based mid-2020) population
town_lad_w = collections.defaultdict(lambda: collections.defaultdict(float))
for k, t in lsoa21_town.items():
    town_lad_w[t][LSOA21_LAD[k]] += POP21[k]
town_lad = {t: best(w) for t, w in town_lad_w.items()}
town_lad_share = {t: w[town_lad[t]] / sum(w.values()) for t, w in town_lad_w.items()}

# which towns got a crosswalk, and why the others did not
matched = set(town_lad)
status = {}
for t in TOWN:
    if t in matched:
        status[t] = 'matched'
    elif t in rejected:
        status[t] = 'rejected: ' + rejected[t]
    elif t in contested:
        status[t] = 'unmatched: 2011 unit claimed by another 2022 town at the same tier'
    elif t in no_match:
        status[t] = 'unmatched: ' + no_match[t]
    elif t in claims:
        status[t] = 'unmatched: matched a 2011 unit with no best-fit MSOA, or all its MSOAs went to another town'
    else:
        status[t] = 'unmatched'

# ---------------------------------------------------------------------------------------------------------------
# 3. lookup releases
# ---------------------------------------------------------------------------------------------------------------

os.makedirs(OUT, exist_ok=True)
for f in sorted(os.listdir(OUT)):
    if f.startswith(OWNED) and f.endswith('.csv.gz'):
        os.remove(os.path.join(OUT, f))

METHOD = ('2011 town units matched to 2022 towns by name within the region, MSOA11 best fit to 2011 units, '
          'population-checked; see docs/crosswalk.md')
rows = []
for l in sorted(LSOA11_NAME):
    nm = LSOA11_NAME[l]
    if l in lsoa11_town:
        rows.append(row(l, nm, 'town', '2022', lsoa11_town[l], ''))
    rows.append(row(l, nm, 'weight', '2020', count(POP11[l]), 'persons'))
release('crosswalk-lsoa11-bua22.csv.gz', 'crosswalk-lsoa11-bua22', XW_EDITION,
        'Crosswalk LSOA (2011) to built-up area (2022), best fit; weight = ONS mid-2020 population. ' + METHOD,
        'lookup', rows, XW_SOURCE, XW_URL)

rows = []
for k in sorted(LSOA21_NAME):
    nm = LSOA21_NAME[k]
    if k in lsoa21_town:
        rows.append(row(k, nm, 'town', '2022', lsoa21_town[k], ''))
    rows.append(row(k, nm, 'weight', '2020', count(POP21[k]), 'persons'))
release('crosswalk-lsoa21-bua22.csv.gz', 'crosswalk-lsoa21-bua22', XW_EDITION,
        'Crosswalk LSOA (2021) to built-up area (2022), best fit via LSOA (2011); weight = ONS mid-2020 population '
        're-based to LSOA 2021 (splits shared by Census 2021 households). ' + METHOD,
        'lookup', rows, XW_SOURCE, XW_URL)

rows = []
for m in sorted(MSOA21_NAME):
    nm = MSOA21_NAME[m]
    if m in msoa21_town:
        rows.append(row(m, nm, 'town', '2022', msoa21_town[m], ''))
    rows.append(row(m, nm, 'weight', '2021', count(MSOA21_RESIDENTS[m]), 'persons'))
release('crosswalk-msoa21-bua22.csv.gz', 'crosswalk-msoa21-bua22', XW_EDITION,
        'Crosswalk MSOA (2021) to built-up area (2022), best fit (the town holding most of its LSOA 2021 population); '
        'weight = Census 2021 usual residents (TS019). ' + METHOD,
        'lookup', rows, XW_SOURCE, XW_URL)

rows = []
for t in sorted(town_lad):
    rows.append(row(t, TOWN[t]['bua22nm'], 'local_authority', '2022', town_lad[t], ''))
for lad in sorted(LAD22_NAME):
    rows.append(row(lad, LAD22_NAME[lad], 'name', '2022', LAD22_NAME[lad], ''))
release('crosswalk-bua22-lad22.csv.gz', 'crosswalk-bua22-lad22', XW_EDITION,
        'Built-up area (2022) to local authority district (2022): the district holding most of the town\'s population '
        'in the crosswalk (towns without a crosswalk have none); also registers the LAD 2022 codes (name rows)',
        'lookup', rows, XW_SOURCE, XW_URL)


# ---------------------------------------------------------------------------------------------------------------
# 4. observation releases: small areas (AREANM left empty; the names are in the lookups)
# ---------------------------------------------------------------------------------------------------------------

def rebase(values):
    """An LSOA11 count re-based to LSOA21 (splits shared by Census 2021 households, merges summed)."""
    out = collections.defaultdict(float)
    for (p, k), s in SHARE.items():
        if p in values:
            out[k] += values[p] * s
    return out


def table(rows, code, spec, period, fmt=sig):
    """Tidy rows from a wide table: spec = [(column or function, indicator, unit)]."""
    out = []
    for r in rows:
        for col, ind, unit in spec:
            v = col(r) if callable(col) else num(r[col])
            out.append(row(r[code], '', ind, period, fmt(v) if v is not None else None, unit))
    return out


CENSUS_URL = 'https://www.nomisweb.co.uk/sources/census_2021_bulk'
# Census 2021, MSOA 2021 (counts: the engine recomputes shares from summed numerator and denominator)
ts021 = read('ons_census2021_ts021_ethnic_group_msoa21_ew.csv')
P = 'Ethnic group: '
DETAILED = [k for k in ts021[0] if k.startswith(P) and k.count(':') == 2 and ': Total:' not in k]
WB = P + 'White: English, Welsh, Scottish, Northern Irish or British'
assert WB in DETAILED and len(DETAILED) == 19
release('census2021-ts021-ethnic-group-msoa21.csv.gz', 'census2021-ts021-ethnic-group-msoa21', 'census-2021',
        'Ethnic group (counts), MSOA 2021, Census 2021 TS021: all usual residents, White British, Other White, and the '
        'largest single detailed non-White-British group of each MSOA (the MSOA\'s own largest group, which may differ '
        'between MSOAs of one town)', 'observations',
        table(ts021, 'geography code', [
            (P + 'Total: All usual residents', 'ethnic_total', 'persons'),
            (WB, 'ethnic_white_british', 'persons'),
            (P + 'White: Other White', 'ethnic_other_white', 'persons'),
            (lambda r: max(float(r[k]) for k in DETAILED if k != WB), 'ethnic_largest_minority', 'persons')],
            '2021', count),
        ONS + ', Census 2021 TS021 Ethnic group (Nomis bulk census2021-ts021-msoa)', CENSUS_URL)

release('census2021-ts019-migrant-indicator-msoa21.csv.gz', 'census2021-ts019-migrant-indicator-msoa21', 'census-2021',
        'Migrant indicator, address one year before the census (counts), MSOA 2021, Census 2021 TS019: usual residents '
        'aged 1+, migrants from within the UK and from outside the UK, and both together', 'observations',
        table(ts019, 'msoa21_code', [
            ('all_usual_residents', 'residents_1yr', 'persons'),
            (lambda r: float(r['migrant_from_within_uk']) + float(r['migrant_from_outside_uk']), 'migrants_1yr', 'persons'),
            ('migrant_from_within_uk', 'migrants_1yr_within_uk', 'persons'),
            ('migrant_from_outside_uk', 'migrants_1yr_outside_uk', 'persons')], '2021', count),
        ONS + ', Census 2021 TS019 Migrant indicator (Nomis census2021-ts019-msoa)', CENSUS_URL)

ts029 = read('ons_census2021_ts029_english_proficiency_msoa21_ew.csv')
release('census2021-ts029-english-proficiency-msoa21.csv.gz', 'census2021-ts029-english-proficiency-msoa21',
        'census-2021', 'Proficiency in English (counts), MSOA 2021, Census 2021 TS029: usual residents aged 3+, and those '
        'whose main language is not English (English or Welsh in Wales) who cannot speak English well or at all',
        'observations',
        table(ts029, 'msoa21_code', [
            (lambda r: float(r['main_language_english']) + float(r['main_language_not_english']), 'proficiency_total', 'persons'),
            (lambda r: float(r['not_english_cannot_speak_well']) + float(r['not_english_cannot_speak']), 'proficiency_low', 'persons')],
            '2021', count),
        ONS + ', Census 2021 TS029 Proficiency in English language (Nomis census2021-ts029-msoa)', CENSUS_URL)

release('census2021-ts054-tenure-lsoa21.csv.gz', 'census2021-ts054-tenure-lsoa21', 'census-2021',
        'Household tenure (counts), LSOA 2021, Census 2021 TS054: all households, and households renting privately '
        '(private landlord or letting agency, plus other private rented)', 'observations',
        table(ts054, 'lsoa21_code', [
            ('total_households', 'households_total', 'households'),
            (lambda r: float(r['private_rented_landlord_agency']) + float(r['private_rented_other']),
             'households_private_rented', 'households')], '2021', count),
        ONS + ', Census 2021 TS054 Tenure of household (Nomis census2021-ts054-lsoa)', CENSUS_URL)

# English Indices of Deprivation 2025, LSOA 2021 (period 2025)
IOD25_URL = 'https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025'
IOD25 = MHCLG + ', English Indices of Deprivation 2025 (File 7 via humaniverse/IMD)'
imd25 = read('mhclg_imd2025_domains_lsoa21_england.csv')
DOMAINS25 = [('imd', 'IMD', 'Index of Multiple Deprivation (overall)', 'score'),
             ('income', 'Income', 'income domain', 'rate'),
             ('employment', 'Employment', 'employment domain', 'rate'),
             ('education', 'Education', 'education, skills and training domain', 'score'),
             ('health', 'Health', 'health deprivation and disability domain', 'score'),
             ('crime', 'Crime', 'crime domain', 'score'),
             ('barriers', 'Housing_and_Services', 'barriers to housing and services domain', 'score'),
             ('living-environment', 'Environment', 'living environment domain', 'score')]


def ind_id(key, what):
    return ('imd_' + what) if key == 'imd' else 'imd_%s_%s' % (key.replace('-', '_'), what)


for key, col, label, unit in DOMAINS25:
    release('imd2025-%s-lsoa21.csv.gz' % key, 'imd2025-%s-lsoa21' % key, '2025',
            'English Indices of Deprivation 2025, %s: score (%s) and rank (1 = most deprived of 33,755), LSOA 2021'
            % (label, 'proportion of residents' if unit == 'rate' else 'domain score'), 'observations',
            table(imd25, 'lsoa21_code', [(col + '_score', ind_id(key, 'score'), unit)], '2025') +
            table(imd25, 'lsoa21_code', [(col + '_rank', ind_id(key, 'rank'), 'rank')], '2025', count),
            IOD25, IOD25_URL)

sub25 = read('mhclg_imd2025_subdomains_lsoa21_england.csv')
for key, spec, label in [
        ('barriers-subdomains', [('geographical_barriers_score', 'imd_road_distance_score'),
                                 ('wider_barriers_score', 'imd_wider_barriers_score')],
         'barriers sub-domains: geographical barriers (road distance to services) and wider barriers'),
        ('living-environment-subdomains', [('indoors_score', 'imd_indoors_score'), ('outdoors_score', 'imd_outdoors_score')],
         'living environment sub-domains: indoors and outdoors'),
        ('education-subdomains', [('children_and_young_people_score', 'imd_children_young_people_score'),
                                  ('adult_skills_score', 'imd_adult_skills_score')],
         'education sub-domains: children and young people, adult skills')]:
    release('imd2025-%s-lsoa21.csv.gz' % key, 'imd2025-%s-lsoa21' % key, '2025',
            'English Indices of Deprivation 2025, %s (scores), LSOA 2021' % label, 'observations',
            table(sub25, 'lsoa21_code', [(c, i, 'score') for c, i in spec], '2025'), IOD25, IOD25_URL)

ind25 = read('mhclg_imd2025_indicators_lsoa21_england.csv')
release('imd2025-connectivity-lsoa21.csv.gz', 'imd2025-connectivity-lsoa21', '2025',
        'English Indices of Deprivation 2025, underlying indicator: connectivity score (DfT transport connectivity; '
        'higher = less connected), LSOA 2021', 'observations',
        table(ind25, 'lsoa21_code', [('connectivity_score', 'imd_connectivity_score', 'score')], '2025'),
        MHCLG + ', English Indices of Deprivation 2025, File 8 underlying indicators (via humaniverse/IMD)', IOD25_URL)

# IDAOPI: only the numerator is published in the shared files (people aged 60+ in income deprivation, rounded to 5,
# suppressed below 10); the IoD denominator (population aged 60+) is not. The nearest count in the shared data is the
# ONS mid-year population aged 65+: published as idaopi_base_65_plus with the numerator's period so the engine can
# form a share (a proxy: 60+ numerator over a 65+ base overstates the rate by roughly the 60+/65+ ratio).
POP65_11 = {y: {r['lsoa11_code']: float(r['age65plus']) for r in mye if r['year'] == y} for y in ('2017', '2019', '2020')}
pop65_21 = rebase(POP65_11['2020'])
rows = table(ind25, 'lsoa21_code', [('income_deprivation_affecting_older_people_index_idaopi_numerator', 'idaopi_count',
                                     'persons')], '2025', count)
rows += [row(k, '', 'idaopi_base_65_plus', '2025', count(pop65_21[k]), 'persons') for k in sorted({r[0] for r in rows})]
release('imd2025-idaopi-lsoa21.csv.gz', 'imd2025-idaopi-lsoa21', '2025',
        'Income deprivation affecting older people, IoD 2025: numerator (people aged 60+ in income deprivation; blank = '
        'suppressed) and, as base, ONS mid-2020 population aged 65+ re-based to LSOA 2021 (the IoD 60+ denominator is '
        'not in the shared data; share = proxy rate), LSOA 2021', 'observations', rows,
        MHCLG + ', English Indices of Deprivation 2025, File 8 (IDAOPI numerator); ' + ONS +
        ', small area population estimates mid-2020 (base)', IOD25_URL)

# English Indices of Deprivation 2019, LSOA 2011 (period 2019): ranks only in the shared domain file
IOD19_URL = 'https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019'
IOD19 = MHCLG + ', English Indices of Deprivation 2019 (File 7 ranks via humaniverse/IMD)'
imd19 = read('mhclg_iod2019_domain_ranks_lsoa11_england.csv')
COL19 = {'imd': 'IMD', 'income': 'Income', 'employment': 'Employment', 'education': 'Education', 'health': 'Health',
         'crime': 'Crime', 'barriers': 'Housing_and_Access', 'living-environment': 'Environment'}
for pair in (('imd', 'income'), ('employment', 'education'), ('health', 'crime'), ('barriers', 'living-environment')):
    release('iod2019-ranks-%s-%s-lsoa11.csv.gz' % pair, 'iod2019-ranks-%s-%s-lsoa11' % pair, '2019',
            'English Indices of Deprivation 2019, ranks (1 = most deprived of 32,844), LSOA 2011: %s and %s (same '
            'indicator ids as the 2025 ranks; domain scores for 2019 are not in the shared data)'
            % tuple(dict((k, l) for k, c, l, u in DOMAINS25)[p] for p in pair), 'observations',
            table(imd19, 'lsoa11_code', [(COL19[p] + '_rank', ind_id(p, 'rank'), 'rank') for p in pair], '2019', count),
            IOD19, IOD19_URL)

ind19 = read('mhclg_iod2019_indicators_lsoa11_england.csv')
IND19 = MHCLG + ', English Indices of Deprivation 2019, File 8 underlying indicators (via humaniverse/IMD)'
rows = table(ind19, 'lsoa11_code', [('income_deprivation_affecting_older_people_index_idaopi_numerator', 'idaopi_count',
                                     'persons')], '2019', count)
rows += [row(l, '', 'idaopi_base_65_plus', '2019', count(POP65_11['2019'][l]), 'persons') for l in sorted({r[0] for r in rows})]
release('iod2019-idaopi-lsoa11.csv.gz', 'iod2019-idaopi-lsoa11', '2019',
        'Income deprivation affecting older people, IoD 2019: numerator (people aged 60+ in income deprivation; blank = '
        'suppressed) and, as base, ONS mid-2019 population aged 65+ (proxy for the 60+ denominator), LSOA 2011',
        'observations', rows, IND19 + '; ' + ONS + ', small area population estimates mid-2019 (base)', IOD19_URL)
for key, spec in [('post-office-primary-school', [('road_distance_to_a_post_office_indicator_km', 'road_distance_post_office_km'),
                                                  ('road_distance_to_a_primary_school_indicator_km', 'road_distance_primary_school_km')]),
                  ('store-gp', [('road_distance_to_general_store_or_supermarket_indicator_km', 'road_distance_general_store_km'),
                                ('road_distance_to_a_gp_surgery_indicator_km', 'road_distance_gp_km')])]:
    release('iod2019-road-distances-%s-lsoa11.csv.gz' % key, 'iod2019-road-distances-%s-lsoa11' % key, '2019',
            'English Indices of Deprivation 2019, geographical barriers indicators: mean road distance (km) to a %s, '
            'LSOA 2011' % ' and to a '.join(i.replace('road_distance_', '').replace('_km', '').replace('_', ' ')
                                          for c, i in spec), 'observations',
            table(ind19, 'lsoa11_code', [(c, i, 'km') for c, i in spec], '2019'), IND19, IOD19_URL)

# Welsh Index of Multiple Deprivation 2019, LSOA 2011 (period 2019)
wimd = read('welshgov_wimd2019_domains_lsoa11_wales.csv')
release('wimd2019-scores-lsoa11.csv.gz', 'wimd2019-scores-lsoa11', '2019',
        'Welsh Index of Multiple Deprivation 2019, overall and domain scores (income and employment: % of residents), '
        'LSOA 2011', 'observations',
        table(wimd, 'lsoa11_code', [('IMD_score', 'wimd_score', 'score'), ('Income_score', 'wimd_income_score', '%'),
                                    ('Employment_score', 'wimd_employment_score', '%'),
                                    ('Health_score', 'wimd_health_score', 'score'),
                                    ('Education_score', 'wimd_education_score', 'score'),
                                    ('Access_score', 'wimd_access_score', 'score'),
                                    ('Crime_score', 'wimd_community_safety_score', 'score'),
                                    ('Environment_score', 'wimd_physical_environment_score', 'score'),
                                    ('Housing_score', 'wimd_housing_score', 'score')], '2019'),
        'Welsh Government, Welsh Index of Multiple Deprivation 2019 (via humaniverse/IMD)',
        'https://www.gov.wales/welsh-index-multiple-deprivation-full-index-update-ranks-2019')

# ONS small area population estimates, LSOA 2011, mid-2017, mid-2019, mid-2020 (one edition per year)
MYE_URL = ('https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/'
           'lowersuperoutputareamidyearpopulationestimates')
for y in ('2017', '2019', '2020'):
    rs = [r for r in mye if r['year'] == y]
    for key, spec, label in [('population', [('total', 'mye_population'), ('age65plus', 'mye_65_plus')], 'all ages and 65+'),
                             ('age-bands', [('age0_15', 'mye_0_15'), ('age16_24', 'mye_16_24'), ('age25_64', 'mye_25_64')],
                              'aged 0-15, 16-24 and 25-64')]:
        release('mye-lsoa11-%s-mid-%s.csv.gz' % (key, y), 'mye-lsoa11-%s' % key, 'mid-' + y,
                'Population estimates mid-%s, usual residents %s, LSOA 2011' % (y, label), 'observations',
                table(rs, 'lsoa11_code', [(c, i, 'persons') for c, i in spec], y, count),
                ONS + ', Lower layer Super Output Area population estimates (via humaniverse/demographr)', MYE_URL)


# ---------------------------------------------------------------------------------------------------------------
# 5. local-authority series, keyed by LAD 2022 codes (towns inherit their authority's value)
# ---------------------------------------------------------------------------------------------------------------

drugs = read('ons_drug_poisoning_deaths_registrations_by_la_1993_2020_ew.csv')
YEARS = sorted(k for k in drugs[0] if k.isdigit())
rows = []
for r in drugs:
    if r['code'] not in LAD22_NAME:
        continue                                  # countries, regions, counties: not in the register
    nm = LAD22_NAME[r['code']]
    for y in YEARS:
        rows.append(row(r['code'], nm, 'drug_deaths', y, count(num(r[y])), 'deaths'))
    v = [num(r[y]) for y in ('2018', '2019', '2020')]
    rows.append(row(r['code'], nm, 'drug_deaths_3yr', '2018-01-01/P3Y', count(sum(v)) if None not in v else None, 'deaths'))
drug_las = {r[0] for r in rows}
assert drug_las == set(LAD22_NAME), 'drug-poisoning deaths do not cover every LAD 2022'
release('la-drug-poisoning-deaths-lad22.csv.gz', 'la-drug-poisoning-deaths-lad22', '2020-registrations',
        'Deaths related to drug poisoning by year of registration, 1993 to 2020, and their sum 2018-2020, local '
        'authority district (2022; the source is on 2021 boundaries, identical codes)', 'observations', rows,
        ONS + ', Deaths related to drug poisoning by local authority, England and Wales, 2020 registrations',
        'https://www.ons.gov.uk/peoplepopulationandcommunity/birthsdeathsandmarriages/deaths/datasets/'
        'drugmisusedeathsbylocalauthority')

la_pop = collections.defaultdict(lambda: collections.defaultdict(float))
for y in ('2017', '2019', '2020'):
    for k, v in POP21_BY_YEAR[y].items():
        la_pop[LSOA21_LAD[k]][y] += v
rows = []
for lad in sorted(la_pop):
    p = la_pop[lad]
    for y in ('2017', '2019', '2020'):
        rows.append(row(lad, LAD22_NAME[lad], 'la_population', y, count(p[y]), 'persons'))
    # person-years 2018-2020 (mid-2018 is not in the shared data: interpolated as the mean of mid-2017 and mid-2019)
    rows.append(row(lad, LAD22_NAME[lad], 'la_population_3yr', '2018-01-01/P3Y',
                    count(0.5 * p['2017'] + 1.5 * p['2019'] + p['2020']), 'person-years'))
release('la-population-lad22.csv.gz', 'la-population-lad22', 'mid-2017-2020',
        'Usual resident population, local authority district (2022), summed from LSOA mid-year estimates (mid-2017, '
        'mid-2019, mid-2020), and person-years 2018-2020 (mid-2018 interpolated) as the denominator of drug_deaths_3yr',
        'observations', rows,
        ONS + ', Lower layer Super Output Area population estimates, aggregated to LAD 2022 by the crosswalk script', MYE_URL)

# Pubs and bars: local authorities as at 2011-2018 (pre-2019 structure). LAD 2022 value = sum of its predecessors
# (Bournemouth+Poole+Christchurch -> BCP; East/West Dorset, North Dorset, Purbeck, Weymouth -> Dorset; Suffolk Coastal+
# Waveney -> East Suffolk; Forest Heath+St Edmundsbury -> West Suffolk; Taunton Deane+West Somerset -> Somerset West and
# Taunton; the four Buckinghamshire districts -> Buckinghamshire; the Northamptonshire districts -> North and West
# Northamptonshire). A predecessor goes to the LAD 2022 holding most of its population (MSOA 2011 lookups).
pubs = read('ons_pubs_and_bars_by_la_2001_2018_uk.csv')
lad11_w = collections.defaultdict(lambda: collections.defaultdict(float))
for r in msoa_bua11:
    lad11_w[r['LAD11CD']][MSOA11_LAD22[r['MSOA11CD']]] += MSOA11_POP[r['MSOA11CD']]
PUB_YEARS = sorted(k[5:] for k in pubs[0] if k.startswith('pubs_'))
sources = collections.defaultdict(list)
translation = []
for r in pubs:
    c = r['area_code']
    if c in LAD22_NAME:
        sources[c].append(r)
    elif c in lad11_w:
        w = lad11_w[c]
        to = best(w)
        share = w[to] / sum(w.values())
        if share < 0.99:
            raise SystemExit('pubs: %s splits between LAD 2022s (%.3f to %s)' % (c, share, to))
        sources[to].append(r)
        translation.append('%s %s -> %s %s' % (c, r['area_name'], to, LAD22_NAME[to]))
missing = sorted(set(LAD22_NAME) - set(sources))
if missing:
    raise SystemExit('pubs: no predecessor for %s' % missing)
rows = []
for lad in sorted(sources):
    for y in PUB_YEARS:
        v = [num(r['pubs_' + y]) for r in sources[lad]]
        rows.append(row(lad, LAD22_NAME[lad], 'pubs_count', y, count(sum(v)) if None not in v else None, 'pubs and bars'))
release('la-pubs-and-bars-lad22.csv.gz', 'la-pubs-and-bars-lad22', '2001-2018',
        'Public houses and bars (workplaces, rounded to 5), 2001 to 2018, local authority district (2022): counts of '
        'merged predecessor authorities summed (%d pre-2019 districts translated)' % len(translation), 'observations',
        rows, ONS + ', Public houses and bars by local authority (26 November 2018), Inter-Departmental Business Register',
        'https://www.ons.gov.uk/businessindustryandtrade/business/activitysizeandlocation/datasets/'
        'publichousesandbarsbylocalauthority')


# ---------------------------------------------------------------------------------------------------------------
# 6. 2011-town series mapped to 2022 towns by the same name match
# ---------------------------------------------------------------------------------------------------------------

EDU = {r['town_code']: r for r in education}
COAST = {r['Town Code']: r for r in coastal11}


def town_of_2011(code, pop2011=None):
    """The 2022 town a 2011 unit is the same place as: a single-unit name match (tiers 1-6) that no other town
    shares, with the population check (2011 unit population, else the crosswalk's own check)."""
    t = owner.get(code)
    if t is None or claims[t][0] > 6 or len(claims[t][1]) != 1:
        return None
    if pop2011:
        r = pop2011 / float(TOWN[t]['pop2021'])
        return t if LOW <= r <= HIGH else None
    if UNITS[code].msoas:
        return t if t in matched else None
    return t


rows = []
edu_towns = {}
for code, r in EDU.items():
    t = town_of_2011(code, num(r['population'])) if GSS.match(code) else None
    if not t:
        continue
    edu_towns[t] = code
    nm = TOWN[t]['bua22nm']
    rows.append(row(t, nm, 'education_score', '2012-13', sig(num(r['education_score'])), 'score'))
    uni = {'University': '1', 'No university': '0'}.get(r['university'])
    rows.append(row(t, nm, 'university_present', '2023', uni, 'flag'))
    l4 = {'Low': '1', 'Medium': '2', 'High': '3'}.get(r['perc_age_35_to_64_l4'])
    rows.append(row(t, nm, 'adults_level4_class', '2011', l4, 'class 1-3'))
    rows.append(row(t, nm, 'attainment_l3_age18_pct', '2012-13', sig(num(r['perc_age_18_l3'])), '%'))
    rows.append(row(t, nm, 'higher_education_age19_pct', '2012-13', sig(num(r['perc_age_19_full_time_higher_ed'])), '%'))
release('towns2011-education-bua22.csv.gz', 'towns2011-education-bua22', '2023',
        'Educational attainment of young people in English towns (KS4 cohort 2012/13), mapped from 2011 towns by name '
        'to built-up areas (2022): education score, university present (1/0), residents 35-64 with Level 4+ as the '
        'source\'s class (1 low, 2 medium, 3 high), Level 3 at 18 (%), full-time higher education at 19 (%)',
        'observations', rows,
        ONS + ', Educational attainment of young people in English towns (25 July 2023), via TidyTuesday 2024-01-23',
        'https://www.ons.gov.uk/peoplepopulationandcommunity/educationandchildcare/datasets/'
        'educationalattainmentofyoungpeopleinenglishtownsdata')

rows = []
coast_towns = {}
for code, r in COAST.items():
    t = town_of_2011(code, num(EDU[code]['population']) if code in EDU else None)
    if not t:
        continue
    coast_towns[t] = code
    nm = TOWN[t]['bua22nm']
    rows.append(row(t, nm, 'coastal_town_2020', '2020', '1', 'flag'))
    rows.append(row(t, nm, 'coastal_seaside_2020', '2020', '1' if 'seaside' in r['Town classification'] else '0', 'flag'))
release('towns2011-coastal-bua22.csv.gz', 'towns2011-coastal-bua22', '2020',
        'ONS coastal towns (2020; 2011 built-up areas and sub-divisions) mapped from 2011 towns by name to built-up areas '
        '(2022): coastal town (1; towns not in the list carry no value) and seaside town (1) or other coastal town (0)',
        'observations', rows, ONS + ', Coastal towns in England and Wales (2020), as reproduced in the CMO Annual '
        'Report 2021', 'https://www.ons.gov.uk/businessindustryandtrade/tourismindustry/articles/'
        'coastaltownsinenglandandwales/2020-10-06')


# ---------------------------------------------------------------------------------------------------------------
# 7. checks: GSS codes, small-area codes known to a lookup, LA codes registered, files decompress
# ---------------------------------------------------------------------------------------------------------------

def load(file):
    with gzip.open(os.path.join(OUT, file), 'rt', encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


lookup_areas, registered = set(), set(TOWN)
obs_areas = collections.defaultdict(set)
for e in written:
    rs = load(e['file'])
    if len(rs) != e['observations'] or (rs and list(rs[0].keys()) != HEADER):
        raise SystemExit('%s does not read back' % e['file'])
    for r in rs:
        if e['kind'] == 'lookup':
            lookup_areas.add(r['AREACD'])
            registered.add(r['AREACD'])
        else:
            obs_areas[e['file']].add(r['AREACD'])
bad = {f: sorted(a for a in areas if not GSS.match(a)) for f, areas in obs_areas.items()}
bad = {f: a for f, a in bad.items() if a}
small = [a for areas in obs_areas.values() for a in areas if a[:3] in ('E01', 'W01', 'E02', 'W02')]
small_missing = [a for a in small if a not in lookup_areas]
unregistered = sorted({a for areas in obs_areas.values() for a in areas if a not in registered})
if bad or unregistered:
    raise SystemExit('bad codes %s; not in any register or lookup release: %s' % (bad, unregistered[:20]))
small_distinct = set(small)
mapped_small = sum(1 for a in small_distinct if a in lsoa11_town or a in lsoa21_town or a in msoa21_town)


# ---------------------------------------------------------------------------------------------------------------
# 8. index.json: keep the other entries, drop ours from a previous run, insert ours after the bua2022 entries
# ---------------------------------------------------------------------------------------------------------------

index_path = os.path.join(OUT, 'index.json')
with open(index_path, encoding='utf-8') as f:
    index = json.load(f)
kept = [e for e in index['releases'] if not e['file'].startswith(OWNED)]
at = max((i + 1 for i, e in enumerate(kept) if e['datasetId'].startswith('bua2022-')), default=len(kept))
if not kept or kept[0]['datasetId'] != 'bua2022-towns':
    raise SystemExit('index.json must start with the register bua2022-towns (run bua2022_releases.py first)')
lookups = [e for e in written if e['kind'] == 'lookup']
index['releases'] = kept[:at] + lookups + [e for e in written if e['kind'] != 'lookup'] + kept[at:]
ATTRIBUTION = ('Also: Office for National Statistics (Census 2021, small area population estimates, geography lookups, '
               'drug-poisoning deaths, pubs and bars, English towns education, coastal towns); Ministry of Housing, '
               'Communities and Local Government (English Indices of Deprivation 2019 and 2025); Welsh Government '
               '(Welsh Index of Multiple Deprivation 2019).')
if ATTRIBUTION not in index.get('attribution', ''):
    index['attribution'] = (index.get('attribution', '') + ' ' + ATTRIBUTION).strip()
with open(index_path, 'w', encoding='utf-8') as f:
    json.dump(index, f, indent=2, ensure_ascii=False)
    f.write('\n')


# ---------------------------------------------------------------------------------------------------------------
# 9. report: stdout and docs/crosswalk.md
# ---------------------------------------------------------------------------------------------------------------

default = [t for t in TOWN if TOWN[t]['size'] in DEFAULT_SIZES]
COUNTRY = {'E63': 'England', 'W45': 'Wales', 'K08': 'Cross-border (Chester)'}


def pct(a, b):
    return '%.1f%%' % (100.0 * a / b) if b else '-'


lines = []
out = lines.append
out('# Crosswalk: small areas to 2022 built-up areas (towns)')
out('')
out('Generated by `deploy/tools/shared_releases.py` from `../shared/data/` (do not edit by hand; re-run the script).')
out('')
out('## Why')
out('')
out('The register is the ONS 2022 built-up areas (BUA22, codes E63/W45/K08). The small-area series (Census 2021, IoD, '
    'WIMD, population estimates) are published for LSOAs and MSOAs, and the shared data holds **no official '
    'LSOA/MSOA (2021) to BUA (2022) lookup** (`LSOA21_BUA22_LAD22_RGN22_EW_LU`, `MSOA21_BUA22_LAD22_RGN22_EW_LU` on the '
    'ONS Open Geography Portal). The only small-area route to towns in the shared data is the ONS best-fit lookup from '
    'MSOA (2011) to the **2011** built-up areas and sub-divisions (BUA11 E34/W37/K05, BUASD11 E35/W38/K06). This '
    'crosswalk bridges 2011 towns to 2022 towns by name. It is published as ordinary `kind: lookup` releases, so the '
    'official best-fit lookup can replace it later (a new version of the same datasets, or new lookup datasets) '
    'without code change.')
out('')
out('## Method')
out('')
out('1. **2011 town units**: every BUASD11 and BUA11 of `ons_lookup_msoa11_buasd11_bua11_lad11_rgn11_ew.csv` with its '
    'best-fit MSOAs (2011), their regions and local authorities (2011, and 2022 via the MSOA 2011 to 2021 lookup); '
    'plus the 2011 towns of the education and coastal-towns files that have no best-fit MSOA (name only).')
out('2. **Name match** of each 2022 town to 2011 units **in the same region** (RGN11 vs the 2022 file\'s region; Wales '
    '= Wales; Chester K08 in the North West). Names are normalised (case, accents, punctuation and hyphens, '
    'apostrophes, `St.`/`Saint`, `&`/`and`, the ` BUA`/` BUASD` suffix). Tiers, first that gives a unique unit wins:')
for k in sorted(TIERS):
    out('   %d. %s' % (k, TIERS[k]))
out('   Several candidates in one tier: a sub-division is preferred to its own BUA; then the 2022 qualifier '
    '(e.g. `Rothwell (North Northamptonshire)`) must be the unit\'s local authority (2011 or 2022) or its own '
    'qualifier; then population (one candidate within a factor 2 of the 2022 population, all others beyond a factor '
    '3); otherwise the town stays unmatched. The parts of a 2022 "A and B" name must lie in one local authority. '
    'One alias: `Croesowallt` (the name ONS 2011 used for Oswestry).')
out('3. **Conflicts**: a 2011 unit claimed by several 2022 towns goes to the best tier; a tie leaves it to none '
    '(e.g. `Locks Heath/Warsash/Whiteley BUASD`, claimed by both Locks Heath and Whiteley).')
out('4. **MSOA (2011) to town**: an MSOA goes to the town owning its sub-division, else the town owning its BUA '
    '(when its sub-division has no owner).')
out('5. **Population check** (Census 2021 population of the 2022 town vs the ONS mid-2020 population of the MSOAs '
    'reached): accepted when the ratio is between %.1f and %.1f (up to %.1f when the town is reached through a '
    'single MSOA, as MSOAs hold about 8,000 people and a town may be smaller). Outside these bounds the 2011 unit is '
    'not the same place at MSOA resolution (e.g. 2011 `Atherton BUASD` also holds Leigh): the town is **rejected**, '
    'its MSOAs map to no town.' % (LOW, HIGH, HIGH_ONE_MSOA))
out('6. **Towns named like their local authority** with no MSOA after step 5 (e.g. Dartford, whose 2011 MSOAs were '
    'in `Bexley BUASD`): the built-up MSOAs (in some BUA11) of the same-named LAD 2022 in the same region that no '
    'town has; the MSOA names carry the authority\'s name (`Dartford 004`); same population check.')
out('7. **LSOA (2011)**: the LSOA name is its MSOA\'s name plus a letter (`Hartlepool 001A` -> `Hartlepool 001`); '
    'the LSOA takes its MSOA\'s town.')
out('8. **LSOA (2021)**: through the ONS LSOA 2011 to 2021 lookup. Unchanged and split LSOAs inherit the 2011 '
    'town; merged and irregular ones take the town (or no town) holding most of their population. Population of '
    'LSOA 2021 = ONS mid-2020 LSOA 2011 estimates re-based (a split parent\'s population shared by the Census 2021 '
    'households of its children).')
out('9. **MSOA (2021)**: its LSOA 2021 (name = MSOA name plus a letter) population decides (best fit, "no town" '
    'competes). Weight = Census 2021 usual residents (TS019).')
out('10. **Town to local authority (2022)**: the LAD 2022 holding most of the town\'s LSOA 2021 population.')
out('')
out('## Releases')
out('')
out('| dataset | rows | small areas | mapped to a town |')
out('|---|---|---|---|')
for ds, codes, mapped in [('crosswalk-lsoa11-bua22', LSOA11_NAME, lsoa11_town), ('crosswalk-lsoa21-bua22', LSOA21_NAME, lsoa21_town),
                          ('crosswalk-msoa21-bua22', MSOA21_NAME, msoa21_town)]:
    e = next(x for x in written if x['datasetId'] == ds)
    out('| `%s` | %d | %d | %d (%s) |' % (ds, e['observations'], len(codes), len(mapped), pct(len(mapped), len(codes))))
e = next(x for x in written if x['datasetId'] == 'crosswalk-bua22-lad22')
out('| `crosswalk-bua22-lad22` | %d | %d towns with a local authority, %d LAD 2022 codes registered | |'
    % (e['observations'], len(town_lad), len(LAD22_NAME)))
out('')
out('Every LSOA and MSOA of England and Wales has a `weight` row (mapped or not), so every small-area code of the '
    'observation releases is in the register that ingest-service validates against; only mapped areas have a '
    '`town` row. Rows: `AREACD` = small area, `Indicator` = `town` (text: BUA22 code, period 2022) or `weight` '
    '(persons: LSOA mid-2020, MSOA Census 2021).')
out('')
out('## Match rate (default universe: Small, Medium and Large 2022 towns)')
out('')
out('| country | size | towns | crosswalk | rate |')
out('|---|---|---|---|---|')
tot = collections.Counter()
for cc in ('E63', 'W45', 'K08'):
    for size in DEFAULT_SIZES:
        ts = [t for t in default if t[:3] == cc and TOWN[t]['size'] == size]
        if ts:
            m = sum(1 for t in ts if t in matched)
            tot[(cc, 'n')] += len(ts)
            tot[(cc, 'm')] += m
            out('| %s | %s | %d | %d | %s |' % (COUNTRY[cc], size, len(ts), m, pct(m, len(ts))))
    out('| **%s** | all | **%d** | **%d** | **%s** |' % (COUNTRY[cc], tot[(cc, 'n')], tot[(cc, 'm')],
                                                       pct(tot[(cc, 'm')], tot[(cc, 'n')])))
n_all = len(default)
m_all = sum(1 for t in default if t in matched)
out('| **England and Wales** | all | **%d** | **%d** | **%s** |' % (n_all, m_all, pct(m_all, n_all)))
out('')
majors = [t for t in TOWN if TOWN[t]['size'] == 'Major']
out('Major built-up areas (not scored): %d of %d have a crosswalk.' % (sum(1 for t in majors if t in matched), len(majors)))
out('')
tiers = collections.Counter(claims[t][0] for t in default if t in matched)
out('Matched towns by tier: ' + ', '.join('%d: %d' % (k, tiers[k]) for k in sorted(tiers)) + '.')
rs = sorted(ratio[t] for t in default if t in matched)
out('Population ratio of matched towns (mapped mid-2020 population / 2022 town Census 2021 population): median %.2f, '
    '10th percentile %.2f, 90th percentile %.2f.' % (rs[len(rs) // 2], rs[len(rs) // 10], rs[9 * len(rs) // 10]))
la_share = sorted(town_lad_share[t] for t in default if t in matched)
out('Towns whose population is split between local authorities (majority share below 90%%): %d.'
    % sum(1 for s in la_share if s < 0.9))
out('')
out('### Towns without a crosswalk, by reason and size class')
out('')
out('| reason | Small | Medium | Large | all |')
out('|---|---|---|---|---|')
reasons = collections.defaultdict(collections.Counter)
for t in default:
    if t not in matched:
        r = status[t].split(' (')[0] if status[t].startswith('rejected') else status[t]
        r = re.sub(r'rejected: 2011 unit\(s\) cover \d+%.*', 'rejected', r)
        key = ('rejected by the population check' if r.startswith('rejected') else r.replace('unmatched: ', ''))
        reasons[key][TOWN[t]['size']] += 1
for key in sorted(reasons, key=lambda k: -sum(reasons[k].values())):
    c = reasons[key]
    out('| %s | %d | %d | %d | %d |' % (key, c['Small'], c['Medium'], c['Large'], sum(c.values())))
c = collections.Counter(TOWN[t]['size'] for t in default if t not in matched)
out('| **all** | **%d** | **%d** | **%d** | **%d** |' % (c['Small'], c['Medium'], c['Large'], sum(c.values())))
out('')
out('Unmatched towns get **insufficient data** for every small-area and local-authority series (no local authority '
    'either); nothing is guessed for them.')
out('')
out('<details><summary>Unmatched and rejected towns (%d)</summary>' % sum(c.values()))
out('')
out('| code | town | size | region | reason |')
out('|---|---|---|---|---|')
for t in sorted((t for t in default if t not in matched), key=lambda t: (TOWN[t]['region'], TOWN[t]['bua22nm'])):
    out('| %s | %s | %s | %s | %s |' % (t, TOWN[t]['bua22nm'], TOWN[t]['size'], TOWN[t]['region'], status[t]))
out('')
out('</details>')
out('')
out('## 2011-town series mapped to 2022 towns')
out('')
out('Education (English towns, 2011 codes) and ONS coastal towns (2020, 2011 codes) are published at the 2022 town '
    'codes for towns matched to **one** 2011 unit (tiers 1-6, not shared with another town) whose 2011 population '
    '(education file; else the crosswalk\'s own check) is within a factor %.1f-%.1f of the 2022 population: education '
    '%d of %d English default towns, coastal towns %d of the %d 2011 coastal towns.'
    % (LOW, HIGH, sum(1 for t in edu_towns if t in default), sum(1 for t in default if t[:3] == 'E63'),
       len(coast_towns), len(COAST)))
out('')
out('## Releases written by the script')
out('')
out('In index order, after the `bua2022-*` releases. Small-area observation releases leave `AREANM` empty (names are '
    'in the lookups); every release stays below 4.9 MB decompressed (ingest-service\'s test profile refuses 5 MB).')
out('')
out('| dataset | edition | kind | rows | indicator ids |')
out('|---|---|---|---|---|')
for e in written:
    out('| `%s` | %s | %s | %d | %s |' % (e['datasetId'], e['edition'], e['kind'], e['observations'],
                                        ', '.join('`%s`' % i for i in IDS[e['file']])))
out('')
out('## Known limitations')
out('')
out('- **Resolution**: the 2011 best-fit lookup is at MSOA level (about 8,000 residents), so a town is a set of whole '
    'MSOAs; LSOAs inherit their MSOA\'s town, they are not fitted individually. Small towns are often reached '
    'through one MSOA that also holds surrounding villages (ratios up to %.1f accepted) or one that holds only part '
    'of the town (down to %.1f).' % (HIGH_ONE_MSOA, LOW))
out('- **Geography drift**: 2011 sub-divisions and 2022 built-up areas differ (2022 splits many 2011 sub-divisions, '
    'and names 2022 towns that were parts of larger 2011 units). Matching by name cannot recover those; the '
    'population check rejects the grossest mismatches but a matched town may still differ from its 2022 boundary.')
out('- **Coverage** as the engine measures it is the share of the town\'s *mapped* areas with a value, not the share '
    'of the 2022 town\'s population the mapped areas hold (the population ratio above); the engine has no field '
    'for the latter.')
out('- **Unchanged LSOA codes** appear in both LSOA lookups (2011 and 2021) with the same town; the engine picks, per '
    'town and series, the geography carrying most values.')
out('- The local authority of a town is the majority authority of its mapped areas; towns without a crosswalk '
    'have none, so local-authority series (drug deaths, pubs) are insufficient data for them too.')
out('- Replace with the ONS best-fit `LSOA21_BUA22_LAD22_RGN22_EW_LU` / `MSOA21_BUA22_LAD22_RGN22_EW_LU` when '
    'available: publish them as lookup releases (version 2 of these datasets, or new datasets) and drop these.')
out('')
os.makedirs(os.path.dirname(os.path.abspath(DOC)), exist_ok=True)
with open(DOC, 'w', encoding='utf-8') as f:
    f.write('\n'.join(lines))

total = sum(os.path.getsize(os.path.join(OUT, e['file'])) for e in written)
print('crosswalk: %d of %d default towns (England %d/%d, Wales %d/%d, cross-border %d/%d); rejected %d; '
      'LSOA11 %d/%d, LSOA21 %d/%d, MSOA21 %d/%d mapped'
      % (m_all, n_all, tot[('E63', 'm')], tot[('E63', 'n')], tot[('W45', 'm')], tot[('W45', 'n')], tot[('K08', 'm')],
         tot[('K08', 'n')], sum(1 for t in default if t in rejected), len(lsoa11_town), len(LSOA11_NAME),
         len(lsoa21_town), len(LSOA21_NAME), len(msoa21_town), len(MSOA21_NAME)))
for size in DEFAULT_SIZES:
    ts = [t for t in default if TOWN[t]['size'] == size]
    print('  %-6s %d/%d' % (size, sum(1 for t in ts if t in matched), len(ts)))
print('small-area codes in observation releases: %d distinct, %d not in a lookup release (%s), %d (%s) mapped to a town'
      % (len(small_distinct), len(set(small_missing)), pct(len(set(small_missing)), len(small_distinct)), mapped_small,
         pct(mapped_small, len(small_distinct))))
print('pubs: %d pre-2019 districts translated to LAD 2022' % len(translation))
print('wrote %d releases (%d lookups), %.2f MB gzipped, to %s; index.json has %d entries; %s'
      % (len(written), len(lookups), total / 1e6, OUT, len(index['releases']), DOC))
