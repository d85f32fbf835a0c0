"""Cross-validation splitters, ``check_cv`` and ``train_test_split``.

Every splitter yields exactly scikit-learn's ``(train, test)`` indices: unshuffled ones by
construction, shuffled ones because they make the same ``numpy.random.RandomState`` calls
in the same order, so an integer ``random_state`` gives scikit-learn's folds.
"""

import numbers
import warnings
from abc import ABCMeta, abstractmethod
from collections import defaultdict
from collections.abc import Iterable
from inspect import signature
from itertools import chain, combinations
from math import ceil, comb, floor

import numpy as np

from ..utils._indexing import _safe_indexing
from ..utils.multiclass import type_of_target
from ..utils.validation import (
    _num_samples,
    check_array,
    check_consistent_length,
    check_random_state,
    column_or_1d,
    issparse,
)

__all__ = [
    "BaseCrossValidator",
    "BaseShuffleSplit",
    "GroupKFold",
    "GroupShuffleSplit",
    "KFold",
    "LeaveOneGroupOut",
    "LeaveOneOut",
    "LeavePGroupsOut",
    "LeavePOut",
    "PredefinedSplit",
    "RepeatedKFold",
    "RepeatedStratifiedKFold",
    "ShuffleSplit",
    "StratifiedGroupKFold",
    "StratifiedKFold",
    "StratifiedShuffleSplit",
    "TimeSeriesSplit",
    "check_cv",
    "train_test_split",
]


def _make_indexable(iterable):
    if issparse(iterable):
        return iterable.tocsr()
    if hasattr(iterable, "__getitem__") or hasattr(iterable, "iloc"):
        return iterable
    if iterable is None:
        return iterable
    return np.array(iterable)


def indexable(*iterables):
    """Make arrays indexable for cross-validation (lists stay, iterators become arrays)."""
    result = [_make_indexable(X) for X in iterables]
    check_consistent_length(*result)
    return result


def _warn_groups_ignored(obj, groups):
    if groups is not None:
        warnings.warn(
            f"The groups parameter is ignored by {obj.__class__.__name__}",
            UserWarning,
            stacklevel=3,
        )


def _check_groups(groups, copy=False):
    if groups is None:
        raise ValueError("The 'groups' parameter should not be None.")
    return check_array(groups, input_name="groups", copy=copy, ensure_2d=False, dtype=None)


def _pprint(params, offset=0, printer=repr):
    options = np.get_printoptions()
    np.set_printoptions(precision=5, threshold=64, edgeitems=2)
    params_list = []
    this_line_length = offset
    line_sep = ",\n" + (1 + offset // 2) * " "
    for i, (k, v) in enumerate(sorted(params.items())):
        if isinstance(v, float):
            this_repr = f"{k}={v!s}"
        else:
            this_repr = f"{k}={printer(v)}"
        if len(this_repr) > 500:
            this_repr = this_repr[:300] + "..." + this_repr[-100:]
        if i > 0:
            if this_line_length + len(this_repr) >= 75 or "\n" in this_repr:
                params_list.append(line_sep)
                this_line_length = len(line_sep)
            else:
                params_list.append(", ")
                this_line_length += 2
        params_list.append(this_repr)
        this_line_length += len(this_repr)
    np.set_printoptions(**options)
    lines = "".join(params_list)
    return "\n".join(line.rstrip(" ") for line in lines.split("\n"))


def _build_repr(self):
    init = self.__class__.__init__
    if init is object.__init__:
        args = []
    else:
        args = sorted(
            p.name
            for p in signature(init).parameters.values()
            if p.name != "self" and p.kind != p.VAR_KEYWORD
        )
    params = {}
    for key in args:
        value = getattr(self, key, None)
        if value is None and hasattr(self, "cvargs"):
            value = self.cvargs.get(key, None)
        params[key] = value
    name = self.__class__.__name__
    return f"{name}({_pprint(params, offset=len(name))})"


class BaseCrossValidator(metaclass=ABCMeta):
    """Base class of the cross-validators: subclasses define test masks or indices."""

    def split(self, X, y=None, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,), default=None
            The target variable.
        groups : array-like of shape (n_samples,), default=None
            Group labels of the samples, for the group-aware splitters.

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        X, y, groups = indexable(X, y, groups)
        indices = np.arange(_num_samples(X))
        for test_mask in self._iter_test_masks(X, y, groups):
            yield indices[np.logical_not(test_mask)], indices[test_mask]

    def _iter_test_masks(self, X=None, y=None, groups=None):
        for test_index in self._iter_test_indices(X, y, groups):
            test_mask = np.zeros(_num_samples(X), dtype=bool)
            test_mask[test_index] = True
            yield test_mask

    def _iter_test_indices(self, X=None, y=None, groups=None):
        raise NotImplementedError

    @abstractmethod
    def get_n_splits(self, X=None, y=None, groups=None):
        """Return the number of splitting iterations of the cross-validator."""

    def __repr__(self):
        return _build_repr(self)


class _NoGroupsMixin:
    def split(self, X, y=None, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,), default=None
            The target variable.
        groups : None
            Ignored (a warning says so when given).

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        _warn_groups_ignored(self, groups)
        return super().split(X, y, groups=groups)


class LeaveOneOut(_NoGroupsMixin, BaseCrossValidator):
    """Leave-One-Out cross-validator: each sample is the test set once.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import LeaveOneOut
    >>> [test.tolist() for _, test in LeaveOneOut().split(np.zeros((3, 1)))]
    [[0], [1], [2]]
    """

    def _iter_test_indices(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        if n_samples <= 1:
            raise ValueError(f"Cannot perform LeaveOneOut with n_samples={n_samples}.")
        return range(n_samples)

    def get_n_splits(self, X, y=None, groups=None):
        """Number of splits: the number of samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y, groups : ignored

        Returns
        -------
        n_splits : int
        """
        if X is None:
            raise ValueError("The 'X' parameter should not be None.")
        return _num_samples(X)


class LeavePOut(_NoGroupsMixin, BaseCrossValidator):
    """Leave-P-Out cross-validator: every subset of ``p`` samples is a test set.

    Parameters
    ----------
    p : int
        Size of the test sets; must be less than the number of samples.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import LeavePOut
    >>> LeavePOut(2).get_n_splits(np.zeros((4, 1)))
    6
    """

    def __init__(self, p):
        self.p = p

    def _iter_test_indices(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        if n_samples <= self.p:
            raise ValueError(
                f"p={self.p} must be strictly less than the number of samples={n_samples}"
            )
        for combination in combinations(range(n_samples), self.p):
            yield np.array(combination)

    def get_n_splits(self, X, y=None, groups=None):
        """Number of splits: ``comb(n_samples, p)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y, groups : ignored

        Returns
        -------
        n_splits : int
        """
        if X is None:
            raise ValueError("The 'X' parameter should not be None.")
        return int(comb(_num_samples(X), self.p))


class _BaseKFold(BaseCrossValidator, metaclass=ABCMeta):
    """Base class of the K-fold splitters and ``TimeSeriesSplit``."""

    @abstractmethod
    def __init__(self, n_splits, *, shuffle, random_state):
        if not isinstance(n_splits, numbers.Integral):
            raise ValueError(
                "The number of folds must be of Integral type. "
                f"{n_splits} of type {type(n_splits)} was passed."
            )
        n_splits = int(n_splits)
        if n_splits <= 1:
            raise ValueError(
                "k-fold cross-validation requires at least one train/test split by "
                f"setting n_splits=2 or more, got n_splits={n_splits}."
            )
        if not isinstance(shuffle, bool):
            raise TypeError(f"shuffle must be True or False; got {shuffle}")
        if not shuffle and random_state is not None:
            raise ValueError(
                "Setting a random_state has no effect since shuffle is False. You should "
                "leave random_state to its default (None), or set shuffle=True."
            )
        self.n_splits = n_splits
        self.shuffle = shuffle
        self.random_state = random_state

    def split(self, X, y=None, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,), default=None
            The target variable.
        groups : array-like of shape (n_samples,), default=None
            Group labels of the samples (group-aware splitters only).

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        X, y, groups = indexable(X, y, groups)
        n_samples = _num_samples(X)
        if self.n_splits > n_samples:
            raise ValueError(
                f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                f"number of samples: n_samples={n_samples}."
            )
        yield from super().split(X, y, groups)

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits: ``n_splits``.

        Parameters
        ----------
        X, y, groups : ignored

        Returns
        -------
        n_splits : int
        """
        return self.n_splits


class KFold(_NoGroupsMixin, _BaseKFold):
    """K-fold cross-validator: consecutive folds (shuffled first if ``shuffle``).

    The first ``n_samples % n_splits`` folds have one sample more than the others.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    shuffle : bool, default=False
        Shuffle the samples before splitting them into folds.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffle (only with ``shuffle=True``).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import KFold
    >>> for train, test in KFold(2).split(np.zeros((4, 1))):
    ...     print(train, test)
    [2 3] [0 1]
    [0 1] [2 3]
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)

    def _iter_test_indices(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        indices = np.arange(n_samples)
        if self.shuffle:
            check_random_state(self.random_state).shuffle(indices)
        fold_sizes = np.full(self.n_splits, n_samples // self.n_splits, dtype=int)
        fold_sizes[: n_samples % self.n_splits] += 1
        current = 0
        for fold_size in fold_sizes:
            yield indices[current : current + fold_size]
            current += fold_size


class GroupKFold(_BaseKFold):
    """K-fold iterator with non-overlapping groups.

    Without shuffling, groups are given to folds largest first, each to the fold with the
    fewest samples so far; with ``shuffle=True`` the shuffled groups are split evenly.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2 and at most the number of groups.
    shuffle : bool, default=False
        Shuffle the groups before splitting them into folds.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffle (only with ``shuffle=True``).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import GroupKFold
    >>> groups = [0, 0, 1, 1, 2]
    >>> [test.tolist() for _, test in GroupKFold(2).split(np.zeros((5, 1)), groups=groups)]
    [[2, 3, 4], [0, 1]]
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _iter_test_indices(self, X, y, groups):
        groups = _check_groups(groups)
        unique_groups, group_idx = np.unique(groups, return_inverse=True)
        n_groups = len(unique_groups)
        if self.n_splits > n_groups:
            raise ValueError(
                f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                f"number of groups: {n_groups}."
            )
        if self.shuffle:
            rng = check_random_state(self.random_state)
            unique_groups = rng.permutation(unique_groups)
            for test_group_ids in np.array_split(unique_groups, self.n_splits):
                yield np.where(np.isin(groups, test_group_ids))[0]
            return
        n_samples_per_group = np.bincount(group_idx)
        order = np.argsort(n_samples_per_group, kind="stable")[::-1]
        n_samples_per_group = n_samples_per_group[order]
        n_samples_per_fold = np.zeros(self.n_splits)
        group_to_fold = np.zeros(n_groups)
        for i, weight in enumerate(n_samples_per_group):
            lightest = np.argmin(n_samples_per_fold)
            n_samples_per_fold[lightest] += weight
            group_to_fold[order[i]] = lightest
        fold_of_sample = group_to_fold[group_idx]
        for f in range(self.n_splits):
            yield np.where(fold_of_sample == f)[0]


def _check_stratification_target(y):
    y = np.asarray(y)
    target_type = type_of_target(y)
    allowed = ("binary", "multiclass")
    if target_type not in allowed:
        raise ValueError(f"Supported target types are: {allowed}. Got {target_type!r} instead.")
    return column_or_1d(y)


def _check_class_counts(n_splits, counts):
    if np.all(n_splits > counts):
        raise ValueError(
            f"n_splits={n_splits} cannot be greater than the number of members in each class."
        )
    smallest = np.min(counts)
    if n_splits > smallest:
        warnings.warn(
            f"The least populated class in y has only {smallest} members, which is less "
            f"than n_splits={n_splits}.",
            UserWarning,
            stacklevel=4,
        )


class StratifiedKFold(_BaseKFold):
    """Stratified K-fold cross-validator: each fold keeps the class proportions.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    shuffle : bool, default=False
        Shuffle each class's samples before splitting them into folds.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffle (only with ``shuffle=True``).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import StratifiedKFold
    >>> y = np.array([0, 0, 1, 1])
    >>> [test.tolist() for _, test in StratifiedKFold(2).split(np.zeros((4, 1)), y)]
    [[0, 2], [1, 3]]
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)

    def _make_test_folds(self, X, y=None):
        rng = check_random_state(self.random_state)
        y = _check_stratification_target(y)
        _, y_idx, y_inv = np.unique(y, return_index=True, return_inverse=True)
        # encode classes by order of first appearance
        _, class_perm = np.unique(y_idx, return_inverse=True)
        y_encoded = class_perm[y_inv]
        n_classes = len(y_idx)
        _check_class_counts(self.n_splits, np.bincount(y_encoded))
        y_order = np.sort(y_encoded)
        allocation = np.asarray(
            [
                np.bincount(y_order[i :: self.n_splits], minlength=n_classes)
                for i in range(self.n_splits)
            ]
        )
        test_folds = np.empty(len(y), dtype="i")
        for k in range(n_classes):
            folds_for_class = np.arange(self.n_splits).repeat(allocation[:, k])
            if self.shuffle:
                rng.shuffle(folds_for_class)
            test_folds[y_encoded == k] = folds_for_class
        return test_folds

    def _iter_test_masks(self, X, y=None, groups=None):
        test_folds = self._make_test_folds(X, y)
        for i in range(self.n_splits):
            yield test_folds == i

    def split(self, X, y, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (``np.zeros(n_samples)`` is enough).
        y : array-like of shape (n_samples,)
            The class labels the folds are stratified on.
        groups : None
            Ignored (a warning says so when given).

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        _warn_groups_ignored(self, groups)
        y = check_array(y, input_name="y", ensure_2d=False, dtype=None)
        return super().split(X, y, groups)


class StratifiedGroupKFold(_BaseKFold):
    """K-fold with non-overlapping groups that keeps class proportions as well as it can.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    shuffle : bool, default=False
        Shuffle the groups before assigning them to folds.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffle (only with ``shuffle=True``).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import StratifiedGroupKFold
    >>> y = np.array([0, 0, 1, 1, 0, 1])
    >>> groups = np.array([0, 0, 1, 1, 2, 2])
    >>> cv = StratifiedGroupKFold(3)
    >>> [test.tolist() for _, test in cv.split(np.zeros((6, 1)), y, groups)]
    [[0, 1], [2, 3], [4, 5]]
    """

    def __init__(self, n_splits=5, shuffle=False, random_state=None):
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)

    def _iter_test_indices(self, X, y, groups):
        rng = check_random_state(self.random_state)
        y = _check_stratification_target(y)
        _, y_inv, y_cnt = np.unique(y, return_inverse=True, return_counts=True)
        _check_class_counts(self.n_splits, y_cnt)
        n_classes = len(y_cnt)
        groups = _check_groups(groups)
        _, groups_inv, groups_cnt = np.unique(groups, return_inverse=True, return_counts=True)
        n_groups = len(groups_cnt)
        if self.n_splits > n_groups:
            raise ValueError(
                f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                f"number of groups: {n_groups}."
            )
        y_counts_per_group = np.zeros((n_groups, n_classes))
        np.add.at(y_counts_per_group, (groups_inv, y_inv), 1)
        y_counts_per_fold = np.zeros((self.n_splits, n_classes))
        groups_per_fold = defaultdict(set)
        if self.shuffle:
            perm = np.arange(n_groups)
            rng.shuffle(perm)
            y_counts_per_group = y_counts_per_group[perm]
            inv_perm = np.empty_like(perm)
            inv_perm[perm] = np.arange(perm.size)
            groups_inv = inv_perm[groups_inv]
        sorted_groups_idx = np.argsort(-np.std(y_counts_per_group, axis=1), kind="stable")
        for group_idx in sorted_groups_idx:
            group_y_counts = y_counts_per_group[group_idx]
            best_fold = self._find_best_fold(y_counts_per_fold, y_cnt, group_y_counts)
            y_counts_per_fold[best_fold] += group_y_counts
            groups_per_fold[best_fold].add(group_idx)
        for i in range(self.n_splits):
            members = np.fromiter(groups_per_fold[i], dtype=np.intp, count=-1)
            yield np.flatnonzero(np.isin(groups_inv, members))

    def _find_best_fold(self, y_counts_per_fold, y_cnt, group_y_counts):
        best_fold = None
        min_eval = np.inf
        min_samples_in_fold = np.inf
        for i in range(self.n_splits):
            y_counts_per_fold[i] += group_y_counts
            std_per_class = np.std(y_counts_per_fold / y_cnt.reshape(1, -1), axis=0)
            y_counts_per_fold[i] -= group_y_counts
            fold_eval = np.mean(std_per_class)
            samples_in_fold = np.sum(y_counts_per_fold[i])
            if fold_eval < min_eval or (
                np.isclose(fold_eval, min_eval) and samples_in_fold < min_samples_in_fold
            ):
                min_eval = fold_eval
                min_samples_in_fold = samples_in_fold
                best_fold = i
        return best_fold


class TimeSeriesSplit(_BaseKFold):
    """Time-series cross-validator: each training set precedes its test set.

    Parameters
    ----------
    n_splits : int, default=5
        Number of splits, at least 2.
    max_train_size : int, default=None
        Largest size of a training set (the most recent samples are kept).
    test_size : int, default=None
        Size of each test set; defaults to ``n_samples // (n_splits + 1)``.
    gap : int, default=0
        Number of samples left out between each training set and its test set.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import TimeSeriesSplit
    >>> for train, test in TimeSeriesSplit(2).split(np.zeros((6, 1))):
    ...     print(train, test)
    [0 1] [2 3]
    [0 1 2 3] [4 5]
    """

    def __init__(self, n_splits=5, *, max_train_size=None, test_size=None, gap=0):
        super().__init__(n_splits, shuffle=False, random_state=None)
        self.max_train_size = max_train_size
        self.test_size = test_size
        self.gap = gap

    def split(self, X, y=None, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data, in time order.
        y, groups : ignored

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        _warn_groups_ignored(self, groups)
        return self._split(X)

    def _split(self, X):
        (X,) = indexable(X)
        n_samples = _num_samples(X)
        n_splits = self.n_splits
        n_folds = n_splits + 1
        gap = self.gap
        test_size = self.test_size if self.test_size is not None else n_samples // n_folds
        if n_folds > n_samples:
            raise ValueError(
                f"Cannot have number of folds={n_folds} greater than the number of "
                f"samples={n_samples}."
            )
        if n_samples - gap - (test_size * n_splits) <= 0:
            raise ValueError(
                f"Too many splits={n_splits} for number of samples={n_samples} with "
                f"test_size={test_size} and gap={gap}."
            )
        indices = np.arange(n_samples)
        for test_start in range(n_samples - n_splits * test_size, n_samples, test_size):
            train_end = test_start - gap
            test = indices[test_start : test_start + test_size]
            if self.max_train_size and self.max_train_size < train_end:
                yield indices[train_end - self.max_train_size : train_end], test
            else:
                yield indices[:train_end], test


class LeaveOneGroupOut(BaseCrossValidator):
    """Leave-One-Group-Out: each group is the test set once.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import LeaveOneGroupOut
    >>> groups = [1, 1, 2, 3]
    >>> [test.tolist() for _, test in LeaveOneGroupOut().split(np.zeros((4, 1)), groups=groups)]
    [[0, 1], [2], [3]]
    """

    def _iter_test_masks(self, X, y, groups):
        groups = _check_groups(groups, copy=True)
        unique_groups = np.unique(groups)
        if len(unique_groups) <= 1:
            raise ValueError(
                "The groups parameter contains fewer than 2 unique groups "
                f"({unique_groups}). LeaveOneGroupOut expects at least 2."
            )
        for g in unique_groups:
            yield groups == g

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits: the number of distinct groups.

        Parameters
        ----------
        X, y : ignored
        groups : array-like of shape (n_samples,)
            Group labels; required.

        Returns
        -------
        n_splits : int
        """
        groups = _check_groups(groups)
        return len(np.unique(groups))


class LeavePGroupsOut(BaseCrossValidator):
    """Leave-P-Groups-Out: every combination of ``n_groups`` groups is a test set.

    Parameters
    ----------
    n_groups : int
        Number of groups in each test set.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import LeavePGroupsOut
    >>> LeavePGroupsOut(2).get_n_splits(groups=[0, 1, 2])
    3
    """

    def __init__(self, n_groups):
        self.n_groups = n_groups

    def _iter_test_masks(self, X, y, groups):
        groups = _check_groups(groups, copy=True)
        unique_groups = np.unique(groups)
        if self.n_groups >= len(unique_groups):
            raise ValueError(
                "The groups parameter contains fewer than (or equal to) n_groups "
                f"({self.n_groups}) numbers of unique groups ({unique_groups}). "
                f"LeavePGroupsOut expects that at least n_groups + 1 ({self.n_groups + 1}) "
                "unique groups be present"
            )
        for idx in combinations(range(len(unique_groups)), self.n_groups):
            test_mask = np.zeros(_num_samples(X), dtype=bool)
            for g in unique_groups[np.array(idx)]:
                test_mask[groups == g] = True
            yield test_mask

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits: ``comb(n_distinct_groups, n_groups)``.

        Parameters
        ----------
        X, y : ignored
        groups : array-like of shape (n_samples,)
            Group labels; required.

        Returns
        -------
        n_splits : int
        """
        groups = _check_groups(groups)
        return int(comb(len(np.unique(groups)), self.n_groups))


class _RepeatedSplits:
    """Repeat a shuffled splitter ``n_repeats`` times, drawing from one random state."""

    def __init__(self, cv, *, n_repeats=10, random_state=None, **cvargs):
        if not isinstance(n_repeats, numbers.Integral):
            raise ValueError("Number of repetitions must be of Integral type.")
        if n_repeats <= 0:
            raise ValueError("Number of repetitions must be greater than 0.")
        if any(key in cvargs for key in ("random_state", "shuffle")):
            raise ValueError("cvargs must not contain random_state or shuffle.")
        self.cv = cv
        self.n_repeats = n_repeats
        self.random_state = random_state
        self.cvargs = cvargs

    def split(self, X, y=None, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,), default=None
            The target variable.
        groups : None
            Ignored (a warning says so when given).

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        _warn_groups_ignored(self, groups)
        rng = check_random_state(self.random_state)
        for _ in range(self.n_repeats):
            cv = self.cv(random_state=rng, shuffle=True, **self.cvargs)
            yield from cv.split(X, y)

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits: ``n_splits * n_repeats``.

        Parameters
        ----------
        X, y, groups : ignored

        Returns
        -------
        n_splits : int
        """
        rng = check_random_state(self.random_state)
        cv = self.cv(random_state=rng, shuffle=True, **self.cvargs)
        return cv.get_n_splits(X, y, groups) * self.n_repeats

    def __repr__(self):
        return _build_repr(self)


class RepeatedKFold(_RepeatedSplits):
    """K-fold repeated ``n_repeats`` times with a different shuffle each time.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    n_repeats : int, default=10
        Number of repetitions.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffles.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import RepeatedKFold
    >>> RepeatedKFold(n_splits=2, n_repeats=3, random_state=0).get_n_splits()
    6
    """

    def __init__(self, *, n_splits=5, n_repeats=10, random_state=None):
        super().__init__(KFold, n_repeats=n_repeats, random_state=random_state, n_splits=n_splits)


class RepeatedStratifiedKFold(_RepeatedSplits):
    """Stratified K-fold repeated ``n_repeats`` times with a different shuffle each time.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    n_repeats : int, default=10
        Number of repetitions.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffles.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import RepeatedStratifiedKFold
    >>> cv = RepeatedStratifiedKFold(n_splits=2, n_repeats=2, random_state=0)
    >>> len(list(cv.split(np.zeros((4, 1)), [0, 0, 1, 1])))
    4
    """

    def __init__(self, *, n_splits=5, n_repeats=10, random_state=None):
        super().__init__(
            StratifiedKFold, n_repeats=n_repeats, random_state=random_state, n_splits=n_splits
        )


class BaseShuffleSplit:
    """Base class of the random-permutation splitters."""

    def __init__(self, n_splits=10, *, test_size=None, train_size=None, random_state=None):
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.random_state = random_state
        self._default_test_size = 0.1

    def split(self, X, y=None, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,), default=None
            The target variable.
        groups : array-like of shape (n_samples,), default=None
            Group labels of the samples (``GroupShuffleSplit`` only).

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        X, y, groups = indexable(X, y, groups)
        yield from self._iter_indices(X, y, groups)

    def _iter_indices(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        n_train, n_test = _validate_shuffle_split(
            n_samples, self.test_size, self.train_size, default_test_size=self._default_test_size
        )
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            permutation = rng.permutation(n_samples)
            yield permutation[n_test : n_test + n_train], permutation[:n_test]

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits: ``n_splits``.

        Parameters
        ----------
        X, y, groups : ignored

        Returns
        -------
        n_splits : int
        """
        return self.n_splits

    def __repr__(self):
        return _build_repr(self)


class ShuffleSplit(_NoGroupsMixin, BaseShuffleSplit):
    """Random permutation cross-validator: independent random train/test splits.

    Parameters
    ----------
    n_splits : int, default=10
        Number of re-shuffling and splitting iterations.
    test_size : float or int, default=None
        Proportion (float) or number (int) of test samples; 0.1 when both sizes are None.
    train_size : float or int, default=None
        Proportion or number of training samples; the complement of the test set if None.
    random_state : int, RandomState instance or None, default=None
        Seeds the permutations.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import ShuffleSplit
    >>> cv = ShuffleSplit(n_splits=2, test_size=0.25, random_state=0)
    >>> [test.tolist() for _, test in cv.split(np.zeros((8, 1)))]
    [[6, 2], [1, 6]]
    """

    def __init__(self, n_splits=10, *, test_size=None, train_size=None, random_state=None):
        super().__init__(
            n_splits=n_splits,
            test_size=test_size,
            train_size=train_size,
            random_state=random_state,
        )
        self._default_test_size = 0.1


class GroupShuffleSplit(BaseShuffleSplit):
    """Shuffle-groups-out cross-validator: random splits of the groups.

    Parameters
    ----------
    n_splits : int, default=5
        Number of re-shuffling and splitting iterations.
    test_size : float or int, default=None
        Proportion (float) or number (int) of test groups; 0.2 when both sizes are None.
    train_size : float or int, default=None
        Proportion or number of training groups; the complement if None.
    random_state : int, RandomState instance or None, default=None
        Seeds the permutations.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import GroupShuffleSplit
    >>> cv = GroupShuffleSplit(n_splits=1, test_size=1, random_state=0)
    >>> [test.tolist() for _, test in cv.split(np.zeros((4, 1)), groups=[0, 0, 1, 2])]
    [[3]]
    """

    def __init__(self, n_splits=5, *, test_size=None, train_size=None, random_state=None):
        super().__init__(
            n_splits=n_splits,
            test_size=test_size,
            train_size=train_size,
            random_state=random_state,
        )
        self._default_test_size = 0.2

    def _iter_indices(self, X, y, groups):
        groups = _check_groups(groups)
        classes, group_indices = np.unique(groups, return_inverse=True)
        for group_train, group_test in super()._iter_indices(X=classes):
            yield (
                np.flatnonzero(np.isin(group_indices, group_train)),
                np.flatnonzero(np.isin(group_indices, group_test)),
            )


def _approximate_mode(class_counts, n_draws, rng):
    """scikit-learn's approximate mode of the multivariate hypergeometric (same draws)."""
    rng = check_random_state(rng)
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need_to_add = int(n_draws - floored.sum())
    if need_to_add > 0:
        remainder = continuous - floored
        values = np.sort(np.unique(remainder))[::-1]
        for value in values:
            (inds,) = np.where(remainder == value)
            add_now = min(len(inds), need_to_add)
            inds = rng.choice(inds, size=add_now, replace=False)
            floored[inds] += 1
            need_to_add -= add_now
            if need_to_add == 0:
                break
    return floored.astype(int)


class StratifiedShuffleSplit(BaseShuffleSplit):
    """Stratified random splits: each split keeps the class proportions.

    Parameters
    ----------
    n_splits : int, default=10
        Number of re-shuffling and splitting iterations.
    test_size : float or int, default=None
        Proportion (float) or number (int) of test samples; 0.1 when both sizes are None.
    train_size : float or int, default=None
        Proportion or number of training samples; the complement if None.
    random_state : int, RandomState instance or None, default=None
        Seeds the permutations.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import StratifiedShuffleSplit
    >>> cv = StratifiedShuffleSplit(n_splits=1, test_size=2, random_state=0)
    >>> _, test = next(cv.split(np.zeros((6, 1)), [0, 0, 0, 1, 1, 1]))
    >>> sorted(np.array([0, 0, 0, 1, 1, 1])[test].tolist())
    [0, 1]
    """

    def __init__(self, n_splits=10, *, test_size=None, train_size=None, random_state=None):
        super().__init__(
            n_splits=n_splits,
            test_size=test_size,
            train_size=train_size,
            random_state=random_state,
        )
        self._default_test_size = 0.1

    def _iter_indices(self, X, y, groups=None):
        n_samples = _num_samples(X)
        y = check_array(y, input_name="y", ensure_2d=False, dtype=None)
        n_train, n_test = _validate_shuffle_split(
            n_samples, self.test_size, self.train_size, default_test_size=self._default_test_size
        )
        if y.ndim == 2:
            y = np.array([" ".join(row.astype("str")) for row in y])
        classes, y_indices, class_counts = np.unique(y, return_inverse=True, return_counts=True)
        n_classes = classes.shape[0]
        if np.min(class_counts) < 2:
            too_few = classes[class_counts < 2].tolist()
            raise ValueError(
                "The least populated classes in y have only 1 member, which is too few. "
                "The minimum number of groups for any class cannot be less than 2. "
                f"Classes with too few members are: {too_few}"
            )
        if n_train < n_classes:
            raise ValueError(
                f"The train_size = {n_train} should be greater or equal to the number of "
                f"classes = {n_classes}"
            )
        if n_test < n_classes:
            raise ValueError(
                f"The test_size = {n_test} should be greater or equal to the number of "
                f"classes = {n_classes}"
            )
        class_indices = np.split(
            np.argsort(y_indices, kind="stable"), np.cumsum(class_counts)[:-1]
        )
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            n_i = _approximate_mode(class_counts, n_train, rng)
            t_i = _approximate_mode(class_counts - n_i, n_test, rng)
            train, test = [], []
            for i in range(n_classes):
                permutation = rng.permutation(class_counts[i])
                perm_indices = class_indices[i].take(permutation, mode="clip")
                train.extend(perm_indices[: n_i[i]])
                test.extend(perm_indices[n_i[i] : n_i[i] + t_i[i]])
            yield rng.permutation(train), rng.permutation(test)

    def split(self, X, y, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (``np.zeros(n_samples)`` is enough).
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            The labels the splits are stratified on.
        groups : None
            Ignored (a warning says so when given).

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        _warn_groups_ignored(self, groups)
        y = check_array(y, input_name="y", ensure_2d=False, dtype=None)
        return super().split(X, y, groups)


def _validate_shuffle_split(n_samples, test_size, train_size, default_test_size=None):
    """``(n_train, n_test)`` from the requested sizes, with scikit-learn's errors."""
    if test_size is None and train_size is None:
        test_size = default_test_size
    test_kind = np.asarray(test_size).dtype.kind
    train_kind = np.asarray(train_size).dtype.kind
    if (test_kind == "i" and (test_size >= n_samples or test_size <= 0)) or (
        test_kind == "f" and (test_size <= 0 or test_size >= 1)
    ):
        raise ValueError(
            f"test_size={test_size} should be either positive and smaller than the number "
            f"of samples {n_samples} or a float in the (0, 1) range"
        )
    if (train_kind == "i" and (train_size >= n_samples or train_size <= 0)) or (
        train_kind == "f" and (train_size <= 0 or train_size >= 1)
    ):
        raise ValueError(
            f"train_size={train_size} should be either positive and smaller than the number "
            f"of samples {n_samples} or a float in the (0, 1) range"
        )
    if train_size is not None and train_kind not in ("i", "f"):
        raise ValueError(f"Invalid value for train_size: {train_size}")
    if test_size is not None and test_kind not in ("i", "f"):
        raise ValueError(f"Invalid value for test_size: {test_size}")
    if train_kind == "f" and test_kind == "f" and train_size + test_size > 1:
        raise ValueError(
            f"The sum of test_size and train_size = {train_size + test_size}, should be in "
            "the (0, 1) range. Reduce test_size and/or train_size."
        )
    if test_kind == "f":
        n_test = ceil(test_size * n_samples)
    elif test_kind == "i":
        n_test = float(test_size)
    if train_kind == "f":
        n_train = floor(train_size * n_samples)
    elif train_kind == "i":
        n_train = float(train_size)
    if train_size is None:
        n_train = n_samples - n_test
    elif test_size is None:
        n_test = n_samples - n_train
    if n_train + n_test > n_samples:
        raise ValueError(
            f"The sum of train_size and test_size = {int(n_train + n_test)}, should be "
            f"smaller than the number of samples {n_samples}. Reduce test_size and/or "
            "train_size."
        )
    n_train, n_test = int(n_train), int(n_test)
    if n_train == 0:
        raise ValueError(
            f"With n_samples={n_samples}, test_size={test_size} and train_size={train_size}, "
            "the resulting train set will be empty. Adjust any of the aforementioned "
            "parameters."
        )
    return n_train, n_test


class PredefinedSplit(BaseCrossValidator):
    """Predefined split: ``test_fold[i]`` is the fold of sample ``i`` (-1: always train).

    Parameters
    ----------
    test_fold : array-like of shape (n_samples,)
        Test fold of each sample; -1 keeps a sample out of every test set.

    Attributes
    ----------
    unique_folds : ndarray
        The distinct folds, without -1.

    Examples
    --------
    >>> from aiguille.model_selection import PredefinedSplit
    >>> cv = PredefinedSplit([0, 1, -1, 1])
    >>> [test.tolist() for _, test in cv.split()]
    [[0], [1, 3]]
    """

    def __init__(self, test_fold):
        self.test_fold = column_or_1d(np.array(test_fold, dtype=int))
        self.unique_folds = np.unique(self.test_fold)
        self.unique_folds = self.unique_folds[self.unique_folds != -1]

    def split(self, X=None, y=None, groups=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X, y, groups : ignored

        Yields
        ------
        train : ndarray
            The training set indices for that split.
        test : ndarray
            The testing set indices for that split.
        """
        _warn_groups_ignored(self, groups)
        return self._split()

    def _split(self):
        ind = np.arange(len(self.test_fold))
        for test_mask in self._iter_test_masks():
            yield ind[np.logical_not(test_mask)], ind[test_mask]

    def _iter_test_masks(self, X=None, y=None, groups=None):
        for f in self.unique_folds:
            yield self.test_fold == f

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits: the number of distinct folds other than -1.

        Returns
        -------
        n_splits : int
        """
        return len(self.unique_folds)


class _CVIterableWrapper(BaseCrossValidator):
    """Wrap an iterable of ``(train, test)`` pairs as a cross-validator."""

    def __init__(self, cv):
        self.cv = list(cv)

    def get_n_splits(self, X=None, y=None, groups=None):
        return len(self.cv)

    def split(self, X=None, y=None, groups=None):
        yield from self.cv


def check_cv(cv=5, y=None, *, classifier=False, shuffle=False, random_state=None):
    """A cross-validator from ``cv``: an int, a splitter, or an iterable of splits.

    An int gives ``StratifiedKFold`` for a classifier with a binary or multiclass ``y``,
    ``KFold`` otherwise; None means 5.

    Parameters
    ----------
    cv : int, cross-validation generator, iterable or None, default=5
    y : array-like of shape (n_samples,), default=None
        The target, to choose stratification.
    classifier : bool, default=False
        Whether the task is classification.
    shuffle : bool, default=False
        Passed to the K-fold splitter built from an int.
    random_state : int, RandomState instance or None, default=None
        Passed to the K-fold splitter built from an int.

    Returns
    -------
    checked_cv : a cross-validator instance

    Examples
    --------
    >>> from aiguille.model_selection import check_cv
    >>> check_cv(3)
    KFold(n_splits=3, random_state=None, shuffle=False)
    >>> check_cv(3, y=[1, 1, 0, 0, 0, 0], classifier=True)
    StratifiedKFold(n_splits=3, random_state=None, shuffle=False)
    """
    cv = 5 if cv is None else cv
    if isinstance(cv, numbers.Integral):
        if (
            classifier
            and y is not None
            and type_of_target(y, input_name="y") in ("binary", "multiclass")
        ):
            return StratifiedKFold(cv, shuffle=shuffle, random_state=random_state)
        return KFold(cv, shuffle=shuffle, random_state=random_state)
    if not hasattr(cv, "split") or isinstance(cv, str):
        if not isinstance(cv, Iterable) or isinstance(cv, str):
            raise ValueError(
                "Expected `cv` as an integer, a cross-validation object (from "
                "sklearn.model_selection), or an iterable yielding (train, test) splits as "
                f"arrays of indices. Got {cv}."
            )
        return _CVIterableWrapper(cv)
    return cv


def _check_split_size(name, value):
    if value is None:
        return
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if value >= 1:
            return
    elif isinstance(value, numbers.Real) and not isinstance(value, bool) and 0 < value < 1:
        return
    raise ValueError(
        f"The '{name}' parameter of train_test_split must be a float in the range (0.0, 1.0), "
        f"an int in the range [1, inf) or None. Got {value!r} instead."
    )


def train_test_split(
    *arrays, test_size=None, train_size=None, random_state=None, shuffle=True, stratify=None
):
    """Split arrays into random train and test subsets.

    Parameters
    ----------
    *arrays : sequence of indexables with the same length
        Lists, numpy arrays, sparse matrices or pandas DataFrames.
    test_size : float or int, default=None
        Proportion (float) or number (int) of test samples; 0.25 when both sizes are None.
    train_size : float or int, default=None
        Proportion or number of training samples; the complement if None.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffle.
    shuffle : bool, default=True
        Shuffle before splitting; ``stratify`` requires it.
    stratify : array-like, default=None
        Class labels to keep in the same proportions in both subsets.

    Returns
    -------
    splitting : list of length 2 * len(arrays)
        ``[a_train, a_test, b_train, b_test, ...]``.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import train_test_split
    >>> X, y = np.arange(10).reshape((5, 2)), list(range(5))
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=0)
    >>> y_train, y_test
    ([1, 3, 4], [2, 0])
    """
    _check_split_size("test_size", test_size)
    _check_split_size("train_size", train_size)
    if not isinstance(shuffle, bool | np.bool_):
        raise ValueError(
            f"The 'shuffle' parameter of train_test_split must be an instance of 'bool' or "
            f"an instance of 'numpy.bool'. Got {shuffle!r} instead."
        )
    if len(arrays) == 0:
        raise ValueError("At least one array required as input")
    arrays = indexable(*arrays)
    n_samples = _num_samples(arrays[0])
    n_train, n_test = _validate_shuffle_split(
        n_samples, test_size, train_size, default_test_size=0.25
    )
    if shuffle is False:
        if stratify is not None:
            raise ValueError("Stratified train/test split is not implemented for shuffle=False")
        train = np.arange(n_train)
        test = np.arange(n_train, n_train + n_test)
    else:
        cv_class = StratifiedShuffleSplit if stratify is not None else ShuffleSplit
        cv = cv_class(test_size=n_test, train_size=n_train, random_state=random_state)
        train, test = next(cv.split(X=arrays[0], y=stratify))
    return list(
        chain.from_iterable((_safe_indexing(a, train), _safe_indexing(a, test)) for a in arrays)
    )


train_test_split.__test__ = False
