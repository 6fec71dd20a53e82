"""Weight proposals (docs/analytics.md, "Weight proposals"): new dimension weights for a
position, fitted to later performance, with the cross-validated error of the current and
the proposed weights side by side.

The fit is a ridge regression of performance on the standardised dimension scores with
non-negative coefficients: minimise ||y - Xb||^2 + alpha ||b||^2 subject to b >= 0, solved
exactly as non-negative least squares on the augmented system [X; sqrt(alpha) I] b =
[y; 0] (``scipy.optimize.nnls``). alpha is the value of a fixed grid with the lowest
k-fold cross-validated error. The coefficients, back on the 0-100 scale (b_j / sd_j),
normalised to sum 1, are the proposed weights.

The error of a set of weights w: in each fold, the weighted interview score s = X w is
mapped to performance by a least-squares line fitted on the other folds, and the RMSE of
its predictions on the fold is pooled over the folds. The proposed weights are refitted
inside each fold (with the chosen alpha); both use the same folds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import nnls

FOLDS = 5
# alpha per observation: from almost none to strong shrinkage.
ALPHAS = np.logspace(-3, 1.5, 10)
SEED = 17  # the folds are fixed: the same data gives the same proposal


@dataclass(frozen=True)
class Fit:
    weights: np.ndarray  # sum 1, non-negative; the order of the columns
    alpha: float
    current_error: float
    proposed_error: float
    folds: int
    n: int

    @property
    def method(self) -> str:
        return (
            f"ridge on standardised scores (alpha {self.alpha:.3g} per employee, chosen by "
            f"{self.folds}-fold CV), non-negative, normalised to sum 1"
        )


def folds_of(n: int, k: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """Each row's fold (0..k-1), shuffled but fixed."""
    order = np.random.default_rng(seed).permutation(n)
    fold = np.empty(n, dtype=np.int32)
    fold[order] = np.arange(n) % k
    return fold


def ridge_nonnegative(x: np.ndarray, y: np.ndarray, alpha: float) -> np.ndarray:
    """Raw-scale coefficients (b_j / sd_j) of the non-negative ridge fit on standardised x;
    zero for a column that does not vary."""
    mean, sd = x.mean(axis=0), x.std(axis=0)
    varies = sd > 0
    coefficients = np.zeros(x.shape[1])
    if not varies.any():
        return coefficients
    standard = (x[:, varies] - mean[varies]) / sd[varies]
    k = standard.shape[1]
    augmented = np.vstack([standard, np.sqrt(alpha * len(y)) * np.eye(k)])
    target = np.concatenate([y - y.mean(), np.zeros(k)])
    beta, _ = nnls(augmented, target)
    coefficients[varies] = beta / sd[varies]
    return coefficients


def normalised(coefficients: np.ndarray) -> np.ndarray | None:
    total = coefficients.sum()
    return coefficients / total if total > 0 else None


def _line_rmse(score_train, y_train, score_test, y_test) -> np.ndarray:
    """Squared errors on the test rows of the least-squares line y ~ a + c s from the train rows."""
    if np.ptp(score_train) == 0:
        prediction = np.full(len(y_test), y_train.mean())
    else:
        slope, intercept = np.polyfit(score_train, y_train, 1)
        prediction = intercept + slope * score_test
    return (y_test - prediction) ** 2


def cv_error(x: np.ndarray, y: np.ndarray, fold: np.ndarray, weights: np.ndarray) -> float:
    """Pooled k-fold RMSE of predicting y from the weighted score x @ weights."""
    score = x @ weights
    errors = np.empty(len(y))
    for f in np.unique(fold):
        test = fold == f
        errors[test] = _line_rmse(score[~test], y[~test], score[test], y[test])
    return float(np.sqrt(errors.mean()))


def cv_error_refitted(x: np.ndarray, y: np.ndarray, fold: np.ndarray, alpha: float) -> float:
    """Pooled k-fold RMSE of the proposal, its weights fitted without the fold."""
    errors = np.empty(len(y))
    for f in np.unique(fold):
        test = fold == f
        weights = normalised(ridge_nonnegative(x[~test], y[~test], alpha))
        if weights is None:
            errors[test] = (y[test] - y[~test].mean()) ** 2
            continue
        errors[test] = _line_rmse(x[~test] @ weights, y[~test], x[test] @ weights, y[test])
    return float(np.sqrt(errors.mean()))


def choose_alpha(x: np.ndarray, y: np.ndarray, fold: np.ndarray) -> float:
    """The grid's alpha with the lowest CV error of the ridge predictions."""
    best, best_error = float(ALPHAS[0]), np.inf
    for alpha in ALPHAS:
        errors = np.empty(len(y))
        for f in np.unique(fold):
            test = fold == f
            coefficients = ridge_nonnegative(x[~test], y[~test], alpha)
            centre = x[~test].mean(axis=0)
            prediction = y[~test].mean() + (x[test] - centre) @ coefficients
            errors[test] = (y[test] - prediction) ** 2
        error = errors.mean()
        if error < best_error - 1e-12:
            best, best_error = float(alpha), error
    return best


def fit_weights(
    x: np.ndarray, y: np.ndarray, current: np.ndarray, folds: int = FOLDS
) -> Fit | None:
    """The proposal for rows ``x`` (n, D) of dimension scores and performance ``y``; None
    when no dimension predicts performance at all (every coefficient 0)."""
    n = len(y)
    fold = folds_of(n, folds)
    alpha = choose_alpha(x, y, fold)
    weights = normalised(ridge_nonnegative(x, y, alpha))
    if weights is None:
        return None
    return Fit(
        weights=weights,
        alpha=alpha,
        current_error=cv_error(x, y, fold, current),
        proposed_error=cv_error_refitted(x, y, fold, alpha),
        folds=folds,
        n=n,
    )
