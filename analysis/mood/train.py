"""`make train`: fit the mood model and write `mood_model.npz` beside this file.

A multinomial logistic regression (scikit-learn, lbfgs: deterministic) over the features of
`analysis.mood.features`, fitted on

- the readers' labels of real comments (`benchmarks/real/comment_labels.jsonl`), **dev part
  only**: the pages of the seeded test quarter (`benchmarks/real/split.json`) are left out;
- GoEmotions' train split (positive / negative / neutral; ambiguous left out);
- the tests' own written development sets (not the held-out set, not the seeds),

with news comments weighted up, since mood is judged on news comments. Its logits are then
calibrated on news comments: a small logistic regression over the logits of the real dev
comments, each predicted by a model that did not see its page (grouped cross-validation).
Calibration is linear in the logits, so it folds into the weights: the shipped model is one
linear model, whose terms the reasons can name.

Run `python -m analysis.mood.train --help`. scikit-learn is needed here only (`.[train]`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from analysis import sentiment
from analysis.model import MOOD_ORDER
from analysis.mood import corpora, features

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
MODEL_PATH = Path(__file__).with_name("mood_model.npz")
REAL_LABELS = ROOT / "benchmarks" / "real" / "comment_labels.jsonl"
SPLIT = ROOT / "benchmarks" / "real" / "split.json"
GOLD = SHARED / "realpages" / "gold"
GOEMOTIONS = SHARED / "corpora" / "goemotions"
WRITTEN = tuple(
    ROOT / "tests" / "fixtures" / f"{name}_comments.json"
    for name in ("mood_dev", "second_dev", "third_dev")
)
SEED = 20261205


@dataclass(frozen=True)
class Config:
    """The choices of a fit; each one made by grouped cross-validation on the real dev part."""

    C: float = 1.0
    news_weight: float = 20.0
    written_weight: float = 1.0
    goemotions_weight: float = 1.0
    folds: int = 5
    max_iter: int = 200
    #: Class weights of the calibration: (n / (3 n_class)) ** this, so 0 leaves the readers'
    #: mix of moods as it is and 1 weighs each mood alike. At 0.5, on the real dev comments
    #: (grouped 5-fold CV, calibration fitted on the other folds' logits), agreement 0.714 ->
    #: 0.716 and macro-F1 0.603 -> 0.626; at 1, 0.696 / 0.623.
    calibration_balance: float = 0.5
    #: Dense features left out (by name), e.g. rules measured not to help.
    drop: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class Matrix:
    """Features of a list of comments: dense (rows × len(NAMES)) and hashed (rows × BUCKETS)."""

    dense: np.ndarray
    words: sp.csr_matrix

    def rows(self, index: np.ndarray) -> Matrix:
        return Matrix(self.dense[index], self.words[index])


def featurize(texts: Sequence[str]) -> Matrix:
    """The features of each text, as matrices."""
    dense = np.zeros((len(texts), len(features.NAMES)))
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for i, text in enumerate(texts):
        d, s = features.extract(text, sentiment.read(text))
        dense[i] = d.values
        indices.extend(s.slots)
        data.extend(s.weights)
        indptr.append(len(indices))
    words = sp.csr_matrix(
        (np.array(data), np.array(indices, dtype=np.int64), np.array(indptr)),
        shape=(len(texts), features.BUCKETS),
    )
    return Matrix(dense, words)


def _labels(rows: Sequence[corpora.Labelled]) -> np.ndarray:
    return np.array([MOOD_ORDER.index(r.mood) for r in rows])


class Scaler:
    """Dense features to mean 0, sd 1 (fitted on the training rows); dropped ones to 0."""

    def __init__(self, dense: np.ndarray, drop: Sequence[str] = ()) -> None:
        self.mean = dense.mean(axis=0)
        self.sd = dense.std(axis=0)
        self.sd[self.sd == 0] = 1.0
        self.keep = np.array([name not in drop for name in features.NAMES], dtype=float)

    def __call__(self, m: Matrix) -> sp.csr_matrix:
        scaled = (m.dense - self.mean) / self.sd * self.keep
        return sp.hstack([sp.csr_matrix(scaled), m.words]).tocsr()


class Linear:
    """A multinomial logistic regression, fitted by L-BFGS (scipy) on
    C * sum_i w_i * log_loss_i + |coef|^2 / 2 (the objective of scikit-learn's
    LogisticRegression), over the columns the training rows use only: about ten times faster
    than scikit-learn's own loop on hashed columns, and as deterministic (no randomness)."""

    def __init__(self, x: sp.csr_matrix, y: np.ndarray, w: np.ndarray, config: Config) -> None:
        used = np.unique(x.indices)
        xu = x[:, used].tocsr()
        xt = xu.T.tocsr()
        k = len(MOOD_ORDER)
        onehot = np.eye(k)[y]
        n_cols = xu.shape[1]
        c = config.C

        def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
            coef = theta[: n_cols * k].reshape(n_cols, k)
            bias = theta[n_cols * k :]
            z = xu @ coef + bias
            z -= z.max(axis=1, keepdims=True)
            logsum = np.log(np.exp(z).sum(axis=1))
            p = np.exp(z - logsum[:, None])
            value = c * float(w @ (logsum - (z * onehot).sum(axis=1))) + 0.5 * float(
                coef.ravel() @ coef.ravel()
            )
            g = (p - onehot) * w[:, None] * c
            grad = np.concatenate([(xt @ g + coef).ravel(), g.sum(axis=0)])
            return value, grad

        theta, self.n_iter_ = _lbfgs(loss, np.zeros(n_cols * k + k), config.max_iter)
        self.coef_ = np.zeros((k, x.shape[1]))
        self.coef_[:, used] = theta[: n_cols * k].reshape(n_cols, k).T
        self.intercept_ = theta[n_cols * k :]

    def decision_function(self, x: sp.csr_matrix) -> np.ndarray:
        return np.asarray(x @ self.coef_.T) + self.intercept_


def _lbfgs(
    f: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x: np.ndarray,
    max_iter: int,
    memory: int = 10,
    gtol: float = 1e-4,
) -> tuple[np.ndarray, int]:
    """Minimise a smooth convex `f` (value, gradient) from `x` by L-BFGS with a backtracking
    (Armijo) line search. scipy's L-BFGS-B spends ~0.2 s an iteration on its own bookkeeping
    at half a million parameters; this spends a few milliseconds."""
    value, grad = f(x)
    s_list: list[np.ndarray] = []
    y_list: list[np.ndarray] = []
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        q = grad.copy()
        alphas = []
        for s_k, y_k in zip(reversed(s_list), reversed(y_list), strict=True):
            a = (s_k @ q) / (y_k @ s_k)
            alphas.append(a)
            q -= a * y_k
        if s_list:
            q *= (s_list[-1] @ y_list[-1]) / (y_list[-1] @ y_list[-1])
        for (s_k, y_k), a in zip(zip(s_list, y_list, strict=True), reversed(alphas), strict=True):
            b = (y_k @ q) / (y_k @ s_k)
            q += s_k * (a - b)
        direction = -q
        slope = float(grad @ direction)
        if slope >= 0:  # not a descent direction: restart from the gradient
            s_list.clear()
            y_list.clear()
            direction, slope = -grad, -float(grad @ grad)
        step = 1.0 if s_list else min(1.0, 1.0 / max(np.abs(grad).sum(), 1e-12))
        while True:
            new_x = x + step * direction
            new_value, new_grad = f(new_x)
            if new_value <= value + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s_k, y_k = new_x - x, new_grad - grad
        if y_k @ s_k > 1e-10:
            s_list.append(s_k)
            y_list.append(y_k)
            if len(s_list) > memory:
                s_list.pop(0)
                y_list.pop(0)
        x, value, grad = new_x, new_value, new_grad
        if np.abs(grad).max() < gtol:
            break
    return x, it


def _fit(x: sp.csr_matrix, y: np.ndarray, w: np.ndarray, config: Config) -> Linear:
    return Linear(x, y, w, config)


@dataclass
class Data:
    """The training and measuring sets, featurized once."""

    news: list[corpora.Labelled]
    news_x: Matrix
    other: list[corpora.Labelled]
    other_x: Matrix
    other_w: np.ndarray


def load_data(config: Config, sample: int | None = None) -> Data:
    """The real dev comments (news) and the other training sets, featurized; `sample` keeps
    the first N of each (for a quick fit, e.g. the determinism test)."""
    test = corpora.test_pages(SPLIT)
    news = [r for r in corpora.real_labels(REAL_LABELS, GOLD) if r.group not in test]
    written = corpora.written_sets(WRITTEN)
    goe = corpora.goemotions(GOEMOTIONS / "train.tsv")
    if sample is not None:
        news, written, goe = news[:sample], written[:sample], goe[:sample]
    other = written + goe
    weights = np.array(
        [config.written_weight] * len(written) + [config.goemotions_weight] * len(goe)
    )
    return Data(
        news,
        featurize([r.text for r in news]),
        other,
        featurize([r.text for r in other]),
        weights,
    )


def _train_rows(
    data: Data, index: np.ndarray, config: Config
) -> tuple[Matrix, np.ndarray, np.ndarray]:
    x = Matrix(
        np.vstack([data.news_x.dense[index], data.other_x.dense]),
        sp.vstack([data.news_x.words[index], data.other_x.words]).tocsr(),
    )
    y = np.concatenate([_labels(data.news)[index], _labels(data.other)])
    w = np.concatenate([np.full(len(index), config.news_weight), data.other_w])
    return x, y, w


def out_of_fold(data: Data, config: Config) -> np.ndarray:
    """Logits of each real dev comment from a model fitted without its page's comments."""
    from sklearn.model_selection import GroupKFold

    y = _labels(data.news)
    groups = np.array([r.group for r in data.news])
    logits = np.zeros((len(y), len(MOOD_ORDER)))
    for train, held in GroupKFold(config.folds).split(data.news_x.dense, y, groups):
        x, yt, w = _train_rows(data, train, config)
        scaler = Scaler(x.dense, config.drop)
        model = _fit(scaler(x), yt, w, config)
        logits[held] = model.decision_function(scaler(data.news_x.rows(held)))
    return logits


def calibration(
    logits: np.ndarray, y: np.ndarray, balance: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """A (3 × 3) and c (3) such that softmax(A @ logit + c) is calibrated on news comments,
    each mood weighed (n / (3 n_mood)) ** `balance`."""
    from sklearn.linear_model import LogisticRegression

    counts = np.bincount(y, minlength=len(MOOD_ORDER)).astype(float)
    weights = (len(y) / (len(MOOD_ORDER) * np.maximum(counts, 1.0))) ** balance
    cal = LogisticRegression(C=100.0, max_iter=1000).fit(logits, y, sample_weight=weights[y])
    return cal.coef_, cal.intercept_


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """Accuracy and macro-F1."""
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
    }


#: The margins (in calibrated logits) the mood's label must hold over VADER's to replace it,
#: tried on the real dev comments' out-of-fold logits; `make train` keeps the one with the best
#: mean of agreement and macro-F1 with the readers (the larger on a tie).
VADER_MARGINS = (0.0, 0.1, 0.2, 0.3, 0.5)


def with_margin(logits: np.ndarray, vader: np.ndarray, margin: float) -> np.ndarray:
    """The label of each row: the most probable mood, unless it beats VADER's label (`vader`,
    indices into MOOD_ORDER) by less than `margin`, when VADER's label stands."""
    best = logits.argmax(1)
    rows = np.arange(len(best))
    return np.where(logits[rows, best] - logits[rows, vader] < margin, vader, best)


def fit_model(data: Data, config: Config) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The shipped arrays (calibration folded in) and the cross-validated figures."""
    y = _labels(data.news)
    oof = out_of_fold(data, config)
    a, c = calibration(oof, y, config.calibration_balance)
    calibrated = oof @ a.T + c
    vader = np.array([MOOD_ORDER.index(sentiment.label(v)) for v in data.news_x.dense[:, 0]])
    tried = {m: scores(y, with_margin(calibrated, vader, m)) for m in VADER_MARGINS}
    margin = max(VADER_MARGINS, key=lambda m: (tried[m]["accuracy"] + tried[m]["macro_f1"], m))
    report = {
        "cv_raw": scores(y, oof.argmax(1)),
        "cv_calibrated": scores(y, calibrated.argmax(1)),
        "vader_margin": margin,
        "cv_with_margin": tried[margin],
        "margins_tried": {str(m): v for m, v in tried.items()},
        "cv_vader": scores(y, vader),
    }
    x, yt, w = _train_rows(data, np.arange(len(y)), config)
    scaler = Scaler(x.dense, config.drop)
    model = _fit(scaler(x), yt, w, config)
    k = len(features.NAMES)
    coef = model.coef_  # (3, k + BUCKETS)
    dense_w = coef[:, :k] / scaler.sd * scaler.keep  # on raw dense values
    bias = model.intercept_ - dense_w @ scaler.mean
    words_w = coef[:, k:]
    arrays = {
        "dense": (a @ dense_w).T.astype(np.float64),  # (k, 3)
        "words": (a @ words_w).T.astype(np.float32),  # (BUCKETS, 3)
        "bias": (a @ bias + c).astype(np.float64),
        "mean": data.news_x.dense.mean(axis=0),
        "names": np.array(features.NAMES),
        "vader_margin": np.array(margin),
        "config": np.array(json.dumps(asdict(config))),
    }
    return arrays, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.mood.train", description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file to write")
    parser.add_argument("--sample", type=int, help="fit on the first N of each set only")
    parser.add_argument("--config", help="JSON of Config fields to change")
    args = parser.parse_args(argv)
    config = Config(**json.loads(args.config)) if args.config else Config()
    if not GOLD.is_dir():
        print(f"train: {GOLD} is missing: the real labels cannot be read", file=sys.stderr)
        return 2
    start = time.perf_counter()
    from threadpoolctl import threadpool_limits

    # One BLAS thread: on a shared machine, BLAS threads waiting on each other cost 4x.
    with threadpool_limits(1):
        data = load_data(config, args.sample)
        arrays, report = fit_model(data, config)
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    report["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
