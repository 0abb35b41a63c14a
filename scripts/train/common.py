"""What every trainer of scrapedoc's learned decisions shares (scripts/train/).

- the pages: ../shared/corpus/wcxb-dev (1 358 pages of every page type) and
  ../shared/corpus/dev (34 news pages), with their gold and their site;
- folds by site: a page's fold is a hash of its registrable domain, so that
  one site's pages are never both fitted on and scored on;
- the features: scrapedoc-features (scripts/train/features.cpp) reads pages
  with the library's own code and prints what each learned decision sees, so
  training and inference cannot drift apart;
- the model file: XGBoost JSON with the feature names and the class labels,
  written under converters/data/models/ and compiled in.

Debian's /usr/bin/python3 runs this (python3-xgboost, python3-sklearn,
python3-numpy); `make train` installs them.
"""
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.normpath(os.path.join(REPO, '..', 'shared'))
MODELS = os.path.join(REPO, 'converters', 'data', 'models')

PAGE_TYPES = ['article', 'forum', 'product', 'collection', 'listing', 'documentation', 'service']

# Second-level labels under which a country's registrable names sit
# (bbc.co.uk, abc.net.au): enough to group a site's hosts without the whole
# public-suffix list.
_SECOND_LEVEL = {'co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'nic', 'mil'}


def site_of(url):
    """The registrable domain of a URL: www.bbc.co.uk and news.bbc.co.uk -> bbc.co.uk."""
    host = (urlsplit(url).hostname or '').lower().rstrip('.')
    labels = [x for x in host.split('.') if x]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return '.'.join(labels[-3:])
    return '.'.join(labels[-2:]) if labels else url


def fold_of(site, folds):
    """A site's fold, 0..folds-1: the same on every machine and every run."""
    return int(hashlib.sha256(site.encode('utf-8')).hexdigest(), 16) % folds


_CANONICAL = re.compile(
    rb'<link[^>]+rel=["\']?canonical["\']?[^>]*href=["\']([^"\']+)|'
    rb'<meta[^>]+property=["\']og:url["\'][^>]*content=["\']([^"\']+)', re.I)


class Page:
    """One corpus page: its id, gold, site and where its inputs are."""

    def __init__(self, corpus, pid, folder):
        self.corpus, self.id, self.folder = corpus, pid, folder
        with open(os.path.join(folder, 'gold.json'), encoding='utf-8') as f:
            self.gold = json.load(f)
        url = self.gold.get('url')
        if not url and os.path.exists(self.html_path):
            with open(self.html_path, 'rb') as f:
                m = _CANONICAL.search(f.read(200000))
            url = (m.group(1) or m.group(2)).decode('utf-8', 'replace') if m else ''
        self.url = url or ''
        # A dev page without a URL is a site of its own.
        self.site = site_of(self.url) if self.url else 'dev:' + pid
        self.page_type = self.gold.get('page_type') or 'article'

    @property
    def key(self):
        return f'{self.corpus}/{self.id}'

    @property
    def html_path(self):
        for name in ('page.html', 'page.html.gz'):
            p = os.path.join(self.folder, name)
            if os.path.exists(p):
                return p
        return os.path.join(self.folder, 'page.html')

    @property
    def text_path(self):
        return os.path.join(self.folder, 'page.txt')

    def html_bytes(self):
        with open(self.html_path, 'rb') as f:
            data = f.read()
        return gzip.decompress(data) if self.html_path.endswith('.gz') else data


def pages(corpora=('wcxb-dev', 'dev')):
    """Every page of the named corpora under ../shared/corpus, in a fixed order."""
    out = []
    for corpus in corpora:
        root = os.path.join(SHARED, 'corpus', corpus)
        if not os.path.isdir(root):
            sys.exit(f'train: {root} not found: the trainer reads the corpus from ../shared')
        for pid in sorted(os.listdir(root)):
            folder = os.path.join(root, pid)
            if os.path.isfile(os.path.join(folder, 'gold.json')):
                out.append(Page(corpus, pid, folder))
    return out


def tokens(text):
    """Words as WCXB's own metric counts them (eval/wcxb_score.py)."""
    return re.findall(r'\w+', (text or '').lower())


def input_files(page_list, kind, workdir):
    """Paths of the pages' inputs of `kind` ('html' or 'text'), in order. HTML
    that is stored compressed is written out once under `workdir`."""
    files = []
    for p in page_list:
        if kind == 'text':
            files.append(p.text_path)
        elif p.html_path.endswith('.gz'):
            path = os.path.join(workdir, f'{p.corpus}-{p.id}.html')
            if not os.path.exists(path):
                with open(path, 'wb') as f:
                    f.write(p.html_bytes())
            files.append(path)
        else:
            files.append(p.html_path)
    return files


def _run_features(binary, fmt, models, files):
    cmd = [binary, '--from', fmt] + (['--models', models] if models else []) + files
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    out = {}
    for line in res.stdout.decode('utf-8').splitlines():
        rec = json.loads(line)
        out[rec['file']] = rec['tables']
    return out, res.stderr.decode('utf-8', 'replace')


def features(binary, page_list, kind, workdir, models=None, jobs=2, chunk=64):
    """{page id: {model name: table}} of what each learned decision sees, read
    by scrapedoc-features with the library's own code. A page the library
    refuses (an empty dump) has no tables. A table is
    {'names': [...], 'rows': [{'line', 'text', 'values'}]}."""
    files = input_files(page_list, kind, workdir)
    fmt = 'html' if kind == 'html' else 'text'
    batches = [files[i:i + chunk] for i in range(0, len(files), chunk)]
    merged = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for got, _ in pool.map(lambda b: _run_features(binary, fmt, models, b), batches):
            merged.update(got)
    result = {}
    for p, f in zip(page_list, files):
        result[p.key] = {t['model']: t for t in merged.get(f, [])}
    return result


def save_model(booster, path, feature_names, attributes):
    """Writes an XGBoost model as converters/learned reads it: JSON, with its
    feature names (checked against the code's at load) and string attributes
    (`classes`: the labels of a multi-class model, comma-separated)."""
    booster.feature_names = list(feature_names)
    for key, value in attributes.items():
        booster.set_attr(**{key: value})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # XGBoost picks the format by the file name: the temporary file must end
    # in .json too, or it is XGBoost's old binary format (no feature names).
    with tempfile.NamedTemporaryFile('wb', dir=os.path.dirname(path), suffix='.json', delete=False) as tmp:
        tmp_name = tmp.name
    booster.save_model(tmp_name)
    os.replace(tmp_name, path)


def convert(binary, files, out_dir, fmt, models=None, jobs=2):
    """Runs `scrapedoc convert` over files into out_dir (JSON), optionally with
    a folder of fold models."""
    os.makedirs(out_dir, exist_ok=True)
    cmd = [binary, 'convert', '-q', '--jobs', str(jobs), '--from', fmt, '--to', 'json', '-o', out_dir]
    if models:
        cmd += ['--models', models]
    subprocess.run(cmd + list(files), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
