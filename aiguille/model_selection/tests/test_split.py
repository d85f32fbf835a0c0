"""Splitters give exactly scikit-learn's indices (shuffled ones too, same integer seed)."""

import warnings

import numpy as np
import pytest

from aiguille import model_selection as ms
from aiguille.datasets import load_digits
from aiguille.utils._testing import require


def _data():
    X, y = load_digits(return_X_y=True)
    rng = np.random.RandomState(0)
    groups = rng.randint(0, 40, size=len(y))
    Xg = rng.normal(size=(103, 3))
    yg = (rng.rand(103) * 3).astype(int)  # noisy, unbalanced classes
    gg = rng.randint(0, 12, size=103)
    return [("digits", X, y, groups), ("generated", Xg, yg, gg)]


DATA = _data()

SPLITTERS = [
    ("KFold", {"n_splits": 5}, False),
    ("KFold", {"n_splits": 3, "shuffle": True, "random_state": 0}, False),
    ("StratifiedKFold", {"n_splits": 5}, False),
    ("StratifiedKFold", {"n_splits": 4, "shuffle": True, "random_state": 42}, False),
    ("GroupKFold", {"n_splits": 5}, True),
    ("GroupKFold", {"n_splits": 4, "shuffle": True, "random_state": 3}, True),
    ("StratifiedGroupKFold", {"n_splits": 4}, True),
    ("StratifiedGroupKFold", {"n_splits": 3, "shuffle": True, "random_state": 1}, True),
    ("ShuffleSplit", {"n_splits": 4, "test_size": 0.3, "random_state": 0}, False),
    ("ShuffleSplit", {"n_splits": 2, "train_size": 50, "test_size": 20, "random_state": 5}, False),
    ("StratifiedShuffleSplit", {"n_splits": 4, "test_size": 0.25, "random_state": 0}, False),
    ("GroupShuffleSplit", {"n_splits": 3, "test_size": 0.3, "random_state": 7}, True),
    ("LeaveOneGroupOut", {}, True),
    ("LeavePGroupsOut", {"n_groups": 2}, True),
    ("RepeatedKFold", {"n_splits": 3, "n_repeats": 2, "random_state": 0}, False),
    ("RepeatedStratifiedKFold", {"n_splits": 3, "n_repeats": 2, "random_state": 1}, False),
    ("TimeSeriesSplit", {"n_splits": 4}, False),
    ("TimeSeriesSplit", {"n_splits": 3, "max_train_size": 30, "test_size": 10, "gap": 2}, False),
]


def _assert_same_splits(ours, theirs):
    ours, theirs = list(ours), list(theirs)
    assert len(ours) == len(theirs)
    for (tr_a, te_a), (tr_b, te_b) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(np.asarray(tr_a), np.asarray(tr_b))
        np.testing.assert_array_equal(np.asarray(te_a), np.asarray(te_b))


@pytest.mark.parametrize("name, kwargs, uses_groups", SPLITTERS)
@pytest.mark.parametrize("dataset", range(len(DATA)), ids=[d[0] for d in DATA])
def test_same_indices_as_sklearn(name, kwargs, uses_groups, dataset):
    skms = require("sklearn.model_selection")
    _, X, y, groups = DATA[dataset]
    if name == "LeavePGroupsOut":  # keep the combinations few
        groups = groups % 5
    ours = getattr(ms, name)(**kwargs)
    theirs = getattr(skms, name)(**kwargs)
    g = groups if uses_groups else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _assert_same_splits(ours.split(X, y, g), theirs.split(X, y, g))
        assert ours.get_n_splits(X, y, g) == theirs.get_n_splits(X, y, g)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("dataset", range(len(DATA)), ids=[d[0] for d in DATA])
def test_small_exhaustive_splitters(dataset):
    skms = require("sklearn.model_selection")
    _, X, y, _ = DATA[dataset]
    X, y = X[:12], y[:12]
    for ours, theirs in (
        (ms.LeaveOneOut(), skms.LeaveOneOut()),
        (ms.LeavePOut(2), skms.LeavePOut(2)),
    ):
        _assert_same_splits(ours.split(X, y), theirs.split(X, y))
        assert ours.get_n_splits(X) == theirs.get_n_splits(X)
    fold = np.arange(12) % 4 - 1
    _assert_same_splits(ms.PredefinedSplit(fold).split(), skms.PredefinedSplit(fold).split())
    assert ms.PredefinedSplit(fold).get_n_splits() == 3


def test_shuffled_kfold_with_randomstate_instance_matches():
    skms = require("sklearn.model_selection")
    X = np.zeros((17, 1))
    ours = ms.KFold(4, shuffle=True, random_state=np.random.RandomState(3))
    theirs = skms.KFold(4, shuffle=True, random_state=np.random.RandomState(3))
    for _ in range(2):  # a RandomState instance advances between calls, as in scikit-learn
        _assert_same_splits(ours.split(X), theirs.split(X))


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"test_size": 0.3, "random_state": 0},
        {"train_size": 40, "test_size": 25, "random_state": 1},
        {"shuffle": False, "test_size": 10},
    ],
)
def test_train_test_split_same_as_sklearn(kwargs):
    skms = require("sklearn.model_selection")
    _, X, y, _ = DATA[1]
    kwargs.setdefault("random_state", 0) if kwargs.get("shuffle", True) else None
    ours = ms.train_test_split(X, y, list(range(len(y))), **kwargs)
    theirs = skms.train_test_split(X, y, list(range(len(y))), **kwargs)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    assert isinstance(ours[4], list)


def test_train_test_split_stratify_same_as_sklearn():
    skms = require("sklearn.model_selection")
    X, y = load_digits(return_X_y=True)
    ours = ms.train_test_split(X, y, test_size=0.2, stratify=y, random_state=3)
    theirs = skms.train_test_split(X, y, test_size=0.2, stratify=y, random_state=3)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)


def test_train_test_split_pandas():
    pd = require("pandas")
    df = pd.DataFrame({"a": range(10), "b": range(10, 20)})
    tr, te = ms.train_test_split(df, test_size=0.3, random_state=0)
    assert isinstance(tr, pd.DataFrame) and len(te) == 3
    assert sorted(tr.index.tolist() + te.index.tolist()) == list(range(10))


def test_errors_and_warnings():
    X = np.zeros((10, 1))
    y = np.array([0] * 8 + [1] * 2)
    with pytest.raises(ValueError, match="Setting a random_state has no effect"):
        ms.KFold(3, random_state=0)
    with pytest.raises(ValueError, match="k-fold cross-validation requires at least one"):
        ms.KFold(1)
    with pytest.raises(ValueError, match="The number of folds must be of Integral type"):
        ms.KFold(2.5)
    with pytest.raises(ValueError, match=r"Cannot have number of splits n_splits=11 greater"):
        list(ms.KFold(11).split(X))
    with pytest.warns(UserWarning, match="The least populated class in y has only 2 members"):
        list(ms.StratifiedKFold(3).split(X, y))
    with pytest.raises(
        ValueError,
        match="n_splits=9 cannot be greater than the number of members in each class",
    ):
        list(ms.StratifiedKFold(9).split(X, y))
    with pytest.raises(ValueError, match="Supported target types are"):
        list(ms.StratifiedKFold(2).split(X, np.linspace(0, 1, 10)))
    with pytest.raises(ValueError, match="The 'groups' parameter should not be None"):
        list(ms.GroupKFold(2).split(X))
    with pytest.warns(UserWarning, match="The groups parameter is ignored by KFold"):
        list(ms.KFold(2).split(X, groups=np.zeros(10)))
    with pytest.raises(ValueError, match="test_size=11 should be either positive"):
        next(ms.ShuffleSplit(test_size=11).split(X))
    with pytest.raises(ValueError, match="The least populated classes in y have only 1 member"):
        next(ms.StratifiedShuffleSplit().split(X, [0] * 9 + [1]))
    with pytest.raises(ValueError, match="Stratified train/test split is not implemented"):
        ms.train_test_split(X, shuffle=False, stratify=y)
    with pytest.raises(ValueError, match="At least one array required as input"):
        ms.train_test_split()
    with pytest.raises(ValueError, match="The 'test_size' parameter of train_test_split"):
        ms.train_test_split(X, test_size=-0.5)
    with pytest.raises(ValueError, match="Expected `cv` as an integer"):
        ms.check_cv("five")


def test_check_cv():
    assert isinstance(ms.check_cv(None), ms.KFold)
    assert isinstance(ms.check_cv(3, [0, 1, 0, 1], classifier=True), ms.StratifiedKFold)
    assert isinstance(ms.check_cv(3, [0.5, 1.5, 0.1], classifier=True), ms.KFold)
    cv = ms.check_cv([(np.array([0, 1]), np.array([2])), (np.array([2]), np.array([0, 1]))])
    assert cv.get_n_splits() == 2
    assert len(list(cv.split(np.zeros((3, 1))))) == 2
    kf = ms.KFold(3)
    assert ms.check_cv(kf) is kf
