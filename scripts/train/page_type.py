"""html-page-type: what kind of page an HTML page is (article, forum,
product, collection, listing, documentation, service), from the features
converters/readers/html/page_type.cpp computes (URL tokens, declared
schema.org types, og:type, class cues, short texts, repeated items, markup
counts). One row per page; the label is gold.json's page_type (the 34 pages
of corpus/dev are articles).

The learner is XGBoost (multi:softprob), chosen against logistic regression
on the same features in the folds by site (docs/learned.md). `other` is
written when the top probability is below UNSURE_BELOW, which the folds'
table of thresholds chose (what it costs is in docs/learned.md).
"""
import json
import os
import shutil

import numpy as np

import common

NAME = 'html-page-type'
CLASSES = common.PAGE_TYPES
PARAMS = {
    'objective': 'multi:softprob', 'num_class': len(CLASSES), 'eta': 0.2, 'max_depth': 4,
    'subsample': 0.8, 'colsample_bytree': 0.8, 'min_child_weight': 1, 'seed': 1, 'nthread': 2,
}
ROUNDS = 100
# Below this top probability the page is `other` (docs/learned.md: what
# each threshold costs in the folds).
UNSURE_BELOW = 0.35


def _binary(args, name):
    return os.path.join(args.build, name)


def _table(args, page_list):
    """Feature matrix, labels and column names of the pages."""
    # An empty models folder: the features must not need the compiled-in
    # model, which was fitted on the features of the code before a change.
    no_models = os.path.join(args.work, 'page-type-no-models')
    os.makedirs(no_models, exist_ok=True)
    feats = common.features(_binary(args, 'scrapedoc-features'), page_list, 'html', args.work, no_models)
    rows, labels, names, kept = [], [], None, []
    for p in page_list:
        t = feats[p.key].get(NAME)
        if not t or not t['rows']:
            continue
        names = names or t['names']
        rows.append([np.nan if v is None else v for v in t['rows'][0]['values']])
        labels.append(CLASSES.index(p.page_type))
        kept.append(p)
    return np.array(rows, dtype=np.float32), np.array(labels), names, kept


def _fit(x, y, names):
    import xgboost as xgb
    return xgb.train(PARAMS, xgb.DMatrix(x, label=y, feature_names=names), ROUNDS)


def _save(booster, path, names):
    common.save_model(booster, path, names, {'classes': ','.join(CLASSES), 'unsure_below': str(UNSURE_BELOW)})


def _predict(booster, x, names):
    import xgboost as xgb
    return booster.predict(xgb.DMatrix(x, feature_names=names))


def _fit_logistic(x, y):
    """The alternative learner: liblinear-style logistic regression on
    log-scaled, standardised features."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    scale = lambda a: np.log1p(np.maximum(np.nan_to_num(a), 0))  # noqa: E731
    standard = StandardScaler().fit(scale(x))
    model = LogisticRegression(C=0.5, max_iter=5000).fit(standard.transform(scale(x)), y)
    return lambda a: model.predict_proba(standard.transform(scale(a)))


def report(y, pred, title):
    """Accuracy, per-class precision and recall, confusion matrix (rows gold)."""
    lines = [f'{title}: accuracy {np.mean(pred == y):.4f} ({int(np.sum(pred == y))}/{len(y)})']
    labels = CLASSES + ['other']
    lines.append('| gold \\ predicted | ' + ' | '.join(labels) + ' | recall |')
    lines.append('|---' * (len(labels) + 2) + '|')
    for i, c in enumerate(CLASSES):
        row = [int(np.sum((y == i) & (pred == j))) for j in range(len(labels))]
        recall = row[i] / max(1, sum(row))
        lines.append(f'| {c} | ' + ' | '.join(map(str, row)) + f' | {recall:.2f} |')
    precision = [np.sum((y == i) & (pred == i)) / max(1, np.sum(pred == i)) for i in range(len(CLASSES))]
    lines.append('| precision | ' + ' | '.join(f'{p:.2f}' for p in precision) + ' | | |')
    return '\n'.join(lines)


def _decide(probabilities, unsure_below):
    pred = probabilities.argmax(1)
    pred[probabilities.max(1) < unsure_below] = len(CLASSES)  # other
    return pred


def train(args):
    x, y, names, _ = _table(args, common.pages())
    booster = _fit(x, y, names)
    path = os.path.join(common.MODELS, NAME + '.json')
    _save(booster, path, names)
    p = _predict(booster, x, names)
    print(report(y, _decide(p, UNSURE_BELOW), f'{NAME} fitted on all {len(y)} pages (scored on them)'))
    print(f'{NAME}: wrote {path} ({os.path.getsize(path) // 1024} KB, {len(names)} features)')


def folds(args, k):
    page_list = common.pages()
    x, y, names, kept = _table(args, page_list)
    fold = np.array([common.fold_of(p.site, k) for p in kept])
    xgb_p = np.zeros((len(y), len(CLASSES)))
    lr_p = np.zeros((len(y), len(CLASSES)))
    cli = np.full(len(y), -1)
    root = os.path.join(args.work, 'page-type-folds')
    shutil.rmtree(root, ignore_errors=True)
    inputs = common.input_files(kept, 'html', args.work)
    for f in range(k):
        train_rows, test_rows = fold != f, fold == f
        booster = _fit(x[train_rows], y[train_rows], names)
        models = os.path.join(root, f'fold{f}', 'models')
        _save(booster, os.path.join(models, NAME + '.json'), names)
        xgb_p[test_rows] = _predict(booster, x[test_rows], names)
        lr_p[test_rows] = _fit_logistic(x[train_rows], y[train_rows])(x[test_rows])
        # The held-out sites through the command line, as a user runs it:
        # inputs linked under unique names (the dev pages are all page.html).
        linked = os.path.join(root, f'fold{f}', 'in')
        os.makedirs(linked)
        files = []
        for i in np.flatnonzero(test_rows):
            name = os.path.join(linked, f'{kept[i].corpus}-{kept[i].id}.html')
            os.symlink(os.path.abspath(inputs[i]), name)
            files.append(name)
        out = os.path.join(root, f'fold{f}', 'out')
        common.convert(_binary(args, 'scrapedoc'), files, out, 'html', models)
        for i in np.flatnonzero(test_rows):
            path = os.path.join(out, f'{kept[i].corpus}-{kept[i].id}.json')
            try:
                with open(path, encoding='utf-8') as fh:
                    t = json.load(fh)['meta'].get('page_type')
            except (OSError, ValueError):
                t = None
            cli[i] = (CLASSES + ['other']).index(t) if t in CLASSES + ['other'] else -1
    text = [f'{NAME}: {k} folds by site, {len(y)} pages, {len(names)} features', '']
    text.append(report(y, cli, f'xgboost, held-out sites through `scrapedoc convert --models` (unsure_below {UNSURE_BELOW})'))
    text.append('')
    text.append(report(y, xgb_p.argmax(1), 'xgboost, top class (no other)'))
    text.append('')
    text.append(report(y, lr_p.argmax(1), 'logistic regression, top class (no other)'))
    text.append('')
    text.append('| unsure_below | pages called other | accuracy (other counts wrong) | accuracy of the rest |')
    text.append('|---|---|---|---|')
    for t in (0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        pred = _decide(xgb_p, t)
        sure = pred < len(CLASSES)
        text.append(f'| {t} | {int(np.sum(~sure))} | {np.mean(pred == y):.4f} | {np.mean(pred[sure] == y[sure]):.4f} |')
    out = '\n'.join(text)
    print(out)
    with open(os.path.join(args.work, 'page-type-folds.md'), 'w', encoding='utf-8') as fh:
        fh.write(out + '\n')
