#!/usr/bin/env python3
"""Turns ../shared/data/ons_towns_bua2022_ew_classification.csv into the bundled ONS-style releases.

Output: contracts/src/main/resources/releases/*.csv.gz (Explore Local Statistics tidy CSV) and index.json.
Deterministic (gzip mtime 0, sorted rows): re-running it on the same input produces the same bytes.
Source: ONS, "Understanding towns in England and Wales", May 2026 (via NAdamsGHC/Economic-Intelligence);
Open Government Licence v3.0. Usage: deploy/tools/bua2022_releases.py [source.csv] [out-dir]
"""
import csv, gzip, io, json, os, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../shared/data/ons_towns_bua2022_ew_classification.csv')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '../../contracts/src/main/resources/releases')
LICENCE = 'Open Government Licence v3.0'
SOURCE = 'Office for National Statistics, Understanding towns in England and Wales (May 2026), via NAdamsGHC/Economic-Intelligence'
URL = 'https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/articles/understandingtownsinenglandandwales/'

rows = sorted(csv.DictReader(open(SRC, encoding='utf-8')), key=lambda r: r['bua22cd'])
os.makedirs(OUT, exist_ok=True)
index = []

def release(file, dataset, edition, title, kind, release_date, lines, source=SOURCE, synthetic=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(['AREACD', 'AREANM', 'Indicator', 'Period', 'Observation', 'Unit', 'Observation Status'])
    for l in lines:
        w.writerow(l)
    with open(os.path.join(OUT, file), 'wb') as f:
        with gzip.GzipFile(filename='', mode='wb', fileobj=f, mtime=0) as gz:
            gz.write(buf.getvalue().encode('utf-8'))
    index.append(dict(file=file, datasetId=dataset, edition=edition, version=1, kind=kind, releaseDate=release_date,
                      title=title, source=source, licence=LICENCE, sourceUrl=URL, synthetic=synthetic,
                      observations=len(lines)))

def obs(r, indicator, period, raw, unit):
    raw = raw.strip()
    if raw == '':
        return [r['bua22cd'], r['bua22nm'], indicator, period, '', unit, '..']   # ONS: not available
    return [r['bua22cd'], r['bua22nm'], indicator, period, raw, unit, '']

# 1. The register: every 2022 built-up area with its attributes (text or numbers, kind = register).
reg = []
for r in rows:
    for ind, val in [('name', r['bua22nm']), ('region', r['region']), ('country', r['country']),
                     ('size_class', r['size']), ('coastal', r['coastal']), ('lat', r['lat']), ('lng', r['lng'])]:
        reg.append(obs(r, ind, '2022', val, ''))
release('bua2022-towns-register.csv.gz', 'bua2022-towns', '2022', 'Built-up areas (2022) of England and Wales: register',
        'register', '2026-05-18', reg)

# 2. Population by age band, Census 2001 and 2021 (counts; growth and ageing are derived by the engine).
pop = []
for r in rows:
    for y in ('2001', '2021'):
        pop.append(obs(r, 'population', y, r['pop' + y], 'persons'))
        for band, ind in [('0_15', 'population_0_15'), ('16_24', 'population_16_24'), ('25_64', 'population_25_64'),
                          ('65', 'population_65_plus')]:
            pop.append(obs(r, ind, y, r['age%s_%s' % (band, y)], 'persons'))
release('bua2022-population.csv.gz', 'bua2022-population', 'census-2001-2021',
        'Usual resident population by age band, built-up areas (2022), Census 2001 and 2021', 'observations', '2026-05-18', pop)

# 3. Economic inactivity and its composition, Census 2021 (% of residents aged 16+).
ina = []
for r in rows:
    for col, ind in [('inactivePct', 'inactive_pct'), ('inactRetired', 'inactive_retired_pct'),
                     ('inactSick', 'inactive_sick_pct'), ('inactStudent', 'inactive_student_pct'),
                     ('inactHome', 'inactive_home_pct'), ('inactOther', 'inactive_other_pct')]:
        ina.append(obs(r, ind, '2021', r[col], '%'))
release('bua2022-economic-inactivity.csv.gz', 'bua2022-economic-inactivity', 'census-2021',
        'Economic inactivity of residents aged 16+, built-up areas (2022), Census 2021', 'observations', '2026-05-18', ina)

# 4. Employment change 2015-2024 (BRES).
emp = []
for r in rows:
    emp.append(obs(r, 'employment_change_pct', '2015-01-01/P9Y', r['empChangePct'], '%'))
    emp.append(obs(r, 'employment_change_count', '2015-01-01/P9Y', r['empChangeCount'], 'jobs'))
release('bua2022-employment-change.csv.gz', 'bua2022-employment-change', 'bres-2015-2024',
        'Employment change 2015 to 2024, built-up areas (2022), BRES', 'observations', '2026-05-18', emp)

# 5. Median house prices (HM Land Registry), 2001, 2011, 2021, 2023.
hp = []
for r in rows:
    for y in ('2001', '2011', '2021', '2023'):
        hp.append(obs(r, 'median_house_price', y, r['hp' + y], 'GBP'))
release('bua2022-house-prices.csv.gz', 'bua2022-house-prices', 'land-registry-2001-2023',
        'Median house price, built-up areas (2022), HM Land Registry 2001 to 2023', 'observations', '2026-05-18', hp)

# 6. The ONS town classification as ordinal codes (coastal flag, income deprivation, job density, access).
ORD = {'income_deprivation': {'Lower deprivation': 1, 'Medium deprivation': 2, 'Higher deprivation': 3},
       'job_density': {'Residential': 1, 'Mixed': 2, 'Working': 3},
       'relative_access': {'Nearer to a major town or city': 0, 'Further from a major town or city': 1},
       'coastal': {'Non-coastal': 0, 'Coastal': 1}}
cls = []
for r in rows:
    cls.append(obs(r, 'coastal', '2021', str(ORD['coastal'][r['coastal']]), 'flag'))
    cls.append(obs(r, 'income_deprivation_class', '2025', str(ORD['income_deprivation'][r['income_deprivation']]), 'class 1-3'))
    cls.append(obs(r, 'job_density_class', '2024', str(ORD['job_density'][r['job_density']]), 'class 1-3'))
    cls.append(obs(r, 'further_from_major_town', '2021', str(ORD['relative_access'][r['relative_access']]), 'flag'))
release('bua2022-classification.csv.gz', 'bua2022-classification', '2026',
        'Town classification (coastal, income deprivation, job density, relative access), built-up areas (2022)',
        'observations', '2026-05-18', cls)

with open(os.path.join(OUT, 'index.json'), 'w') as f:
    json.dump({'attribution': 'Contains public sector information licensed under the ' + LICENCE +
               '. Source: ' + SOURCE + '.', 'releases': index}, f, indent=2)
    f.write('\n')
print('wrote %d releases to %s' % (len(index), OUT))
