"""html-blocks: which of an HTML page's blocks are its main content.

The reader (converters/readers/html/block_model.cpp) measures every block with
text (paragraph, heading, list, quote, table) and prints the features through
scrapedoc-features. Each block is labelled by aligning its words with the
page's gold main text (`label_blocks`, docs/learned.md), and a binary model
is fitted on the blocks of ../shared/corpus/wcxb-dev.

train(args): fits on every page, writes converters/data/models/html-blocks.json
  with the decision threshold as the attribute `threshold`.
folds(args, k): fits k models, each on the sites of the other folds, converts
  the held-out pages with `scrapedoc convert --models` and scores all of them
  with the benchmark's own metric (eval/wcxb_score.py).
compare(args, k): the learners side by side on the same folds, scored by the
  word F1 of the blocks each keeps (no conversion): XGBoost against logistic
  regression.

usage (through scripts/train/train): train --only html_blocks [--folds 5]
or directly: /usr/bin/python3 scripts/train/html_blocks.py compare|folds|train
"""
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

NAME = 'html-blocks'
CORPORA = ('wcxb-dev',)
SEED = 13
# A block is content when at least this share of its words lies in runs of
# three words that the gold main text also has (one- and two-word blocks:
# when the gold has them as they are).
COVERED = 0.5
PARAMS = {
    'objective': 'binary:logistic', 'eval_metric': 'logloss', 'max_depth': 6, 'eta': 0.1,
    'subsample': 0.8, 'colsample_bytree': 0.8, 'min_child_weight': 2.0, 'lambda': 1.0,
    'nthread': 1, 'seed': SEED, 'tree_method': 'hist',
}
ROUNDS = 150
# Blocks at or above this probability are kept: chosen on the held-out folds
# (compare(): 0.3 to 0.6 tried; docs/learned.md).
THRESHOLD = 0.4


def label_blocks(texts, gold):
    """(labels, token counts) of a page's blocks against its gold main text:
    a block is content (1) when at least COVERED of its words sit in a run of
    three consecutive words the gold has too; a block of one or two words
    when the gold has those words in that order. Blocks without words: None."""
    g = common.tokens(gold)
    tri = {tuple(g[i:i + 3]) for i in range(len(g) - 2)}
    bi = {tuple(g[i:i + 2]) for i in range(len(g) - 1)}
    uni = set(g)
    labels, counts = [], []
    for text in texts:
        t = common.tokens(text)
        counts.append(len(t))
        if not t:
            labels.append(None)
        elif len(t) == 1:
            labels.append(int(t[0] in uni))
        elif len(t) == 2:
            labels.append(int(tuple(t) in bi))
        else:
            covered = [False] * len(t)
            for i in range(len(t) - 2):
                if tuple(t[i:i + 3]) in tri:
                    covered[i] = covered[i + 1] = covered[i + 2] = True
            labels.append(int(sum(covered) >= COVERED * len(t)))
    return labels, counts


def cached_features(binary, pages, work):
    """common.features, kept in the work folder while the binary and the
    pages are the same (fits and folds read the same dump). The reader runs
    with a folder of models that has no html-blocks model: the features are
    what the rules see, whatever model is compiled in (a stale one would be
    refused)."""
    import pickle
    st = os.stat(binary)
    key = (st.st_mtime_ns, st.st_size, tuple(p.key for p in pages))
    path = os.path.join(work, NAME + '-features.pickle')
    if os.path.exists(path):
        with open(path, 'rb') as f:
            cached = pickle.load(f)
        if cached[0] == key:
            return cached[1]
    models = os.path.join(work, 'models-without-' + NAME)
    os.makedirs(models, exist_ok=True)
    tables = common.features(binary, pages, 'html', work, models=models)
    with open(path + '.tmp', 'wb') as f:
        pickle.dump((key, tables), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(path + '.tmp', path)
    return tables


class Data:
    """The blocks of every page: features, labels, weights, page and site."""

    def __init__(self, args, pages=None):
        import numpy as np
        binary = os.path.join(args.build, 'scrapedoc-features')
        self.pages = pages or common.pages(CORPORA)
        work = os.path.join(args.work, 'html')
        os.makedirs(work, exist_ok=True)
        tables = cached_features(binary, self.pages, work)
        self.names = None
        X, y, w, page_of, tok = [], [], [], [], []
        self.rows_of = {}
        for pi, p in enumerate(self.pages):
            t = tables.get(p.key, {}).get(NAME)
            gold = p.gold.get('main_content') or p.gold.get('body_text') or ''
            if not t:
                self.rows_of[pi] = (len(X), len(X), [])
                continue
            self.names = self.names or t['names']
            texts = [r['text'] for r in t['rows']]
            labels, counts = label_blocks(texts, gold)
            start = len(X)
            total = sum(counts) or 1
            kept_texts = []
            for r, lab, c in zip(t['rows'], labels, counts):
                if lab is None:
                    continue
                X.append([float('nan') if v is None else v for v in r['values']])
                y.append(lab)
                # every page weighs the same in the benchmark's mean of page F1s
                w.append(c / total)
                page_of.append(pi)
                tok.append(common.tokens(r['text']))
                kept_texts.append(r['text'])
            self.rows_of[pi] = (start, len(X), kept_texts)
        self.X = np.array(X, dtype=np.float32)
        self.y = np.array(y, dtype=np.float32)
        self.w = np.array(w, dtype=np.float32)
        self.page_of = np.array(page_of)
        self.tokens = tok
        self.gold_tokens = [common.tokens(p.gold.get('main_content') or p.gold.get('body_text') or '')
                            for p in self.pages]

    def fold_mask(self, k, fold):
        import numpy as np
        page_fold = np.array([common.fold_of(p.site, k) for p in self.pages])
        return page_fold[self.page_of] == fold, page_fold

    def page_f1(self, keep):
        """Word F1 per page of the blocks `keep` (a boolean per row) says to keep."""
        out = []
        for pi, _ in enumerate(self.pages):
            start, end, _ = self.rows_of[pi]
            pred = Counter()
            for r in range(start, end):
                if keep[r]:
                    pred.update(self.tokens[r])
            ref = Counter(self.gold_tokens[pi])
            out.append(word_f1(pred, ref))
        return out


def word_f1(pred, ref):
    if not ref:
        return 1.0 if not pred else 0.0
    if not pred:
        return 0.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


def fit_xgb(X, y, w, rounds=ROUNDS, params=None):
    import xgboost as xgb
    d = xgb.DMatrix(X, label=y, weight=w, missing=float('nan'))
    return xgb.train(params or PARAMS, d, num_boost_round=rounds)


def predict_xgb(booster, X):
    import xgboost as xgb
    return booster.predict(xgb.DMatrix(X, missing=float('nan')))


def fit_logistic(X, y, w):
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, random_state=SEED))
    model.fit(np.nan_to_num(X), y, logisticregression__sample_weight=w * len(w) / w.sum())
    return model


def by_type(data, f1s):
    groups = defaultdict(list)
    for p, f in zip(data.pages, f1s):
        groups[p.page_type].append(f)
        groups['all'].append(f)
    order = ['all'] + common.PAGE_TYPES
    return {k: sum(groups[k]) / len(groups[k]) for k in order if groups[k]}


def show(label, table):
    print('%-28s ' % label + ' '.join('%s %.3f' % (k, v) for k, v in table.items()), flush=True)


def fold_predictions(data, k, learner):
    """Held-out probabilities of every row, each from the model of the other folds."""
    import numpy as np
    prob = np.zeros(len(data.y), dtype=np.float32)
    for fold in range(k):
        test, _ = data.fold_mask(k, fold)
        if learner == 'xgb':
            m = fit_xgb(data.X[~test], data.y[~test], data.w[~test])
            prob[test] = predict_xgb(m, data.X[test])
        else:
            m = fit_logistic(data.X[~test], data.y[~test], data.w[~test])
            prob[test] = m.predict_proba(np.nan_to_num(data.X[test]))[:, 1]
    return prob


def compare(args, k=5):
    data = Data(args)
    print('%s: %d blocks on %d pages, %d features; %.3f of the blocks are content' %
          (NAME, len(data.y), len(data.pages), data.X.shape[1], float(data.y.mean())))
    rules = data.X[:, data.names.index('rule_keep')] > 0.5
    show('rules (today)', by_type(data, data.page_f1(rules)))
    show('oracle (the labels)', by_type(data, data.page_f1(data.y > 0.5)))
    for learner in ('logistic', 'xgb'):
        prob = fold_predictions(data, k, learner)
        for t in (0.3, 0.4, 0.5, 0.6):
            show('%s folds t=%.1f' % (learner, t), by_type(data, data.page_f1(prob >= t)))


def train(args):
    data = Data(args)
    booster = fit_xgb(data.X, data.y, data.w)
    path = os.path.join(common.MODELS, NAME + '.json')
    common.save_model(booster, path, data.names, {'threshold': str(getattr(args, 'threshold', THRESHOLD))})
    print('%s: %d blocks on %d pages -> %s (%d bytes)' % (NAME, len(data.y), len(data.pages), path,
                                                         os.path.getsize(path)))


def folds(args, k):
    data = Data(args)
    binary = os.path.join(args.build, 'scrapedoc')
    out = os.path.join(args.work, 'html-blocks-folds', 'out')
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        os.remove(os.path.join(out, f))
    _, page_fold = data.fold_mask(k, 0)
    work = os.path.join(args.work, 'html')
    for fold in range(k):
        test, _ = data.fold_mask(k, fold)
        booster = fit_xgb(data.X[~test], data.y[~test], data.w[~test])
        folder = os.path.join(args.work, 'html-blocks-folds', 'fold%d' % fold)
        common.save_model(booster, os.path.join(folder, NAME + '.json'), data.names,
                          {'threshold': str(getattr(args, 'threshold', THRESHOLD))})
        held = [p for p, pf in zip(data.pages, page_fold) if pf == fold]
        files = common.input_files(held, 'html', work)
        common.convert(binary, files, out, 'html', models=folder)
    # the outputs are named after the input files (wcxb-dev-<id>.html)
    scored = os.path.join(args.work, 'html-blocks-folds', 'scored')
    os.makedirs(scored, exist_ok=True)
    for p in data.pages:
        src = os.path.join(out, '%s-%s.json' % (p.corpus, p.id))
        dst = os.path.join(scored, p.id + '.json')
        if os.path.exists(src):
            os.replace(src, dst)
        elif os.path.exists(dst):
            os.remove(dst)
    res = subprocess.run(['/usr/bin/python3', os.path.join(common.SHARED, 'eval', 'wcxb_score.py'),
                          os.path.join(common.SHARED, 'corpus', 'wcxb-dev'), scored],
                         capture_output=True, text=True, check=True)
    print('%s, %d folds by site, held-out pages through scrapedoc convert --models:' % (NAME, k))
    print(res.stdout)


if __name__ == '__main__':
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument('what', choices=['compare', 'folds', 'train'])
    ap.add_argument('--build', default=os.path.join(common.REPO, 'build'))
    ap.add_argument('--work', default=os.path.join(common.REPO, 'build', 'train'))
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--threshold', type=float, default=THRESHOLD)
    a = ap.parse_args()
    if a.what == 'compare':
        compare(a, a.folds)
    elif a.what == 'folds':
        folds(a, a.folds)
    else:
        train(a)
