"""A fitted ensemble of decision trees as plain arrays, and its probability for rows of features.

Models fitted by `benchmarks/` with scikit-learn's `HistGradientBoostingClassifier` (binary
log-loss) are exported to a `.npz` file of arrays (`to_arrays`), so reading a page needs numpy
only, never scikit-learn or pickle. The file holds the feature names in column order, every
tree's nodes one after another (the feature a node tests, its threshold, its two children, its
value and whether it is a leaf), each tree's root, the baseline log-odds, and the decision
threshold and keep share the fitter chose for the model. `from_bytes` checks every array
(shapes, indices in range, finite numbers, trees that end) so a damaged file fails loading.

>>> import numpy as np
>>> m = TreeModel(
...     names=("x",), feature=np.array([0, 0, 0]), split=np.array([0.5, 0.0, 0.0]),
...     left=np.array([1, 0, 0]), right=np.array([2, 0, 0]),
...     value=np.array([0.0, -2.0, 2.0]), leaf=np.array([False, True, True]),
...     roots=np.array([0]), baseline=0.0, threshold=0.5, keep_share=1.0,
... )
>>> [round(p, 3) for p in m.probabilities(np.array([[0.0], [1.0]]))]
[0.119, 0.881]
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Keys of the `.npz` file and what each holds.
KEYS = (
    "names", "feature", "split", "left", "right", "value", "leaf", "roots", "scalars",
)  # fmt: skip
#: The most nodes a model file may hold (a guard against a damaged or hostile file).
MAX_NODES = 2_000_000


class BadModel(ValueError):
    """A model file whose arrays do not make a model."""


#: Trees at most this deep, over at most this many rows, walk all at once
#: (`TreeModel._all_trees_at_once`): a fixed number of steps over every tree beats one tree
#: at a time only for a few rows through trees that all end within a few steps (page
#: ranker, a page's candidates: 8 ms -> 1 ms; at 1,000 rows it is the slower).
_SHALLOW = 8
_FEW_ROWS = 256


@dataclass(frozen=True, eq=False)
class TreeModel:
    """Trees over named features; `probabilities` sums the leaves each row reaches."""

    names: tuple[str, ...]
    feature: np.ndarray
    split: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    leaf: np.ndarray
    roots: np.ndarray
    baseline: float
    #: The probability above which the fitter found a row is best called positive.
    threshold: float
    #: What share of `threshold` a row inside a chosen run must reach to stay (body model).
    keep_share: float

    @functools.cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray]:
        """Each node's two children side by side (a leaf is its own two children) and its
        threshold (a leaf's is infinite): one step of a walk is two lookups."""
        own = np.arange(len(self.leaf))
        left = np.where(self.leaf, own, self.left)
        right = np.where(self.leaf, own, self.right)
        return np.stack([left, right], axis=1).ravel(), np.where(self.leaf, np.inf, self.split)

    @functools.cached_property
    def _depth(self) -> int:
        """The most steps from a root to a leaf."""
        deepest, level = 0, [int(r) for r in self.roots]
        while level:
            level = [c for k in level if not self.leaf[k] for c in (self.left[k], self.right[k])]
            deepest += bool(level)
        return deepest

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        """Each row's summed log-odds (rows: one column per name, in `names` order)."""
        x = np.ascontiguousarray(rows, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != len(self.names):
            raise ValueError(f"rows need {len(self.names)} columns, got shape {x.shape}")
        if self._depth <= _SHALLOW and x.shape[0] <= _FEW_ROWS:
            return self._all_trees_at_once(x)
        children, split = self._walk
        n = x.shape[0]
        columns = np.ascontiguousarray(x.T).ravel()  # feature-major: a tree's lookups stay close
        feature = self.feature.astype(np.intp) * n
        total = np.full(n, self.baseline)
        for root in self.roots:  # one tree at a time over every row keeps its nodes in cache
            node = np.full(n, root, dtype=np.intp)
            active = np.arange(n)
            while len(active):  # trees end (checked on load): a leaf steps to itself
                at = node[active]
                step = children[2 * at + (columns[feature[at] + active] > split[at])]
                node[active] = step
                active = active[step != at]
            total += self.value[node]
        return total

    def _all_trees_at_once(self, x: np.ndarray) -> np.ndarray:
        """A few rows (a page's candidate lists) through shallow trees (the page ranker's):
        every row through every tree at once, `_depth` steps (a leaf steps to itself). The
        sum keeps the trees' order, so it equals the one-tree-at-a-time sum."""
        children, split = self._walk
        row = np.arange(x.shape[0])[:, None]
        feature = self.feature.astype(np.intp)
        node = np.tile(self.roots.astype(np.intp), (x.shape[0], 1))
        for _ in range(self._depth):
            node = children[2 * node + (x[row, feature[node]] > split[node])]
        values = self.value[node]
        total = np.full(x.shape[0], self.baseline)
        for t in range(values.shape[1]):
            total += values[:, t]
        return total

    def probabilities(self, rows: np.ndarray) -> list[float]:
        z = np.clip(self.log_odds(rows), -60.0, 60.0)
        return (1.0 / (1.0 + np.exp(-z))).tolist()


def to_arrays(model: TreeModel) -> dict[str, np.ndarray]:
    """The arrays `np.savez` writes for `model` (`from_bytes` reads them back)."""
    return {
        "names": np.array(model.names, dtype=np.str_),
        "feature": model.feature.astype(np.int32),
        "split": model.split.astype(np.float64),
        "left": model.left.astype(np.int32),
        "right": model.right.astype(np.int32),
        "value": model.value.astype(np.float64),
        "leaf": model.leaf.astype(np.bool_),
        "roots": model.roots.astype(np.int32),
        "scalars": np.array([model.baseline, model.threshold, model.keep_share]),
    }


def from_sklearn(model: Any, names: list[str], threshold: float, keep_share: float) -> TreeModel:
    """A fitted binary `HistGradientBoostingClassifier`'s trees as arrays (a row goes left
    where its feature is at most the node's threshold, as scikit-learn decides it; no value
    is ever missing). Reads the fitted model's attributes only: no scikit-learn import."""
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("f", "s", "l", "r", "v", "leaf")}
    roots, offset = [], 0
    for (tree,) in model._predictors:
        nodes = tree.nodes
        roots.append(offset)
        parts["f"].append(nodes["feature_idx"].astype(np.int64))
        parts["s"].append(nodes["num_threshold"].astype(np.float64))
        parts["l"].append(nodes["left"].astype(np.int64) + offset)
        parts["r"].append(nodes["right"].astype(np.int64) + offset)
        parts["v"].append(nodes["value"].astype(np.float64))
        parts["leaf"].append(nodes["is_leaf"].astype(bool))
        offset += len(nodes)
    baseline = float(np.ravel(model._baseline_prediction)[0])
    return _checked(
        {
            "names": np.array(names, dtype=np.str_),
            "feature": np.concatenate(parts["f"]),
            "split": np.concatenate(parts["s"]),
            "left": np.concatenate(parts["l"]),
            "right": np.concatenate(parts["r"]),
            "value": np.concatenate(parts["v"]),
            "leaf": np.concatenate(parts["leaf"]),
            "roots": np.array(roots),
            "scalars": np.array([baseline, threshold, keep_share]),
        }
    )


def from_bytes(data: bytes) -> TreeModel:
    """The model in a `.npz` file's bytes, checked (raises BadModel)."""
    try:
        loaded = np.load(io.BytesIO(data), allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise BadModel("not a model file (one array, not an archive of them)")
        with loaded as npz:
            if missing := [k for k in KEYS if k not in npz.files]:
                raise BadModel(f"no array {missing[0]!r} in the model file")
            arrays: dict[str, Any] = {k: npz[k] for k in KEYS}
    except (ValueError, OSError, EOFError) as exc:
        raise BadModel(f"not a model file ({exc})") from exc
    return _checked(arrays)


def _checked(a: dict[str, Any]) -> TreeModel:
    names = tuple(str(n) for n in a["names"].tolist())
    n = len(a["feature"])
    if not 0 < n <= MAX_NODES:
        raise BadModel(f"{n} nodes (1 to {MAX_NODES} expected)")
    for key in ("split", "left", "right", "value", "leaf"):
        if a[key].shape != (n,):
            raise BadModel(f"array {key!r} has shape {a[key].shape}, not ({n},)")
    if a["scalars"].shape != (3,) or not np.isfinite(a["scalars"]).all():
        raise BadModel("scalars must be three finite numbers")
    if not np.isfinite(a["value"]).all() or np.isnan(a["split"]).any():
        raise BadModel("a node value or threshold is not a number")
    leaf = a["leaf"].astype(bool)
    inner = ~leaf
    for key, hi in (("feature", len(names)), ("left", n), ("right", n)):
        idx = a[key]
        if not np.issubdtype(idx.dtype, np.integer) or (idx[inner] < 0).any():
            raise BadModel(f"array {key!r} holds a bad index")
        if (idx[inner] >= hi).any():
            raise BadModel(f"array {key!r} points past its end")
    roots = a["roots"]
    if roots.ndim != 1 or not len(roots) or (roots < 0).any() or (roots >= n).any():
        raise BadModel("array 'roots' holds a bad index")
    _check_trees(roots, a["left"], a["right"], leaf)
    baseline, threshold, keep = (float(v) for v in a["scalars"])
    if not (0 < threshold < 1 and 0 <= keep <= 1):
        raise BadModel("threshold must lie in (0, 1) and keep share in [0, 1]")
    return TreeModel(
        names=names,
        feature=np.where(leaf, 0, a["feature"]).astype(np.intp),
        split=a["split"].astype(np.float64),
        left=np.where(leaf, 0, a["left"]).astype(np.intp),
        right=np.where(leaf, 0, a["right"]).astype(np.intp),
        value=a["value"].astype(np.float64),
        leaf=leaf,
        roots=roots.astype(np.intp),
        baseline=baseline,
        threshold=threshold,
        keep_share=keep,
    )


def _check_trees(roots: np.ndarray, left: np.ndarray, right: np.ndarray, leaf: np.ndarray) -> None:
    """Refuse a node reached twice from the roots (a cycle, shared nodes): every walk ends."""
    seen = np.zeros(len(leaf), dtype=bool)
    level = [int(r) for r in roots]
    while level:
        nxt: list[int] = []
        for k in level:
            if seen[k]:
                raise BadModel("a tree node is reached twice")
            seen[k] = True
            if not leaf[k]:
                nxt += (int(left[k]), int(right[k]))
        level = nxt
