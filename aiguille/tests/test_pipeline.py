"""Pipeline, FeatureUnion, make_pipeline, make_union: behaviour, scikit-learn parity,
mixing scikit-learn steps, caching with Memory, and the AI4I table end to end."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from aiguille.base import BaseEstimator, TransformerMixin, clone
from aiguille.datasets import load_ai4i, load_digits
from aiguille.exceptions import NotFittedError
from aiguille.linear_model import Ridge, RidgeClassifier
from aiguille.neighbors import KNeighborsClassifier
from aiguille.pipeline import FeatureUnion, Pipeline, make_pipeline, make_union
from aiguille.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler
from aiguille.utils._testing import require

N_FITS = []


class CountingScaler(TransformerMixin, BaseEstimator):
    """A scaler that records each fit in the module-level N_FITS list."""

    def __init__(self, factor=1.0):
        self.factor = factor

    def fit(self, X, y=None):
        N_FITS.append(1)
        self.mean_ = np.asarray(X).mean(axis=0)
        self.n_features_in_ = np.asarray(X).shape[1]
        return self

    def transform(self, X):
        return (np.asarray(X) - self.mean_) * self.factor


@pytest.fixture(scope="module")
def digits():
    d = load_digits()
    return d.data[:600], d.target[:600]


def test_pipeline_basics(digits):
    X, y = digits
    pipe = Pipeline([("scaler", StandardScaler()), ("clf", RidgeClassifier(alpha=3.0))])
    assert not hasattr(pipe, "transform")
    assert hasattr(pipe, "decision_function") and not hasattr(pipe, "predict_proba")
    assert hasattr(
        Pipeline([("s", StandardScaler()), ("k", KNeighborsClassifier())]), "predict_proba"
    )
    with pytest.raises(NotFittedError, match="This Pipeline instance is not fitted yet"):
        pipe.predict(X)
    pipe.fit(X, y)
    assert_array_equal(pipe.classes_, np.arange(10))
    assert pipe.n_features_in_ == 64
    manual = RidgeClassifier(alpha=3.0).fit(StandardScaler().fit_transform(X), y)
    assert_array_equal(pipe.predict(X), manual.predict(StandardScaler().fit(X).transform(X)))
    assert pipe.score(X, y) == manual.score(StandardScaler().fit(X).transform(X), y)
    assert isinstance(pipe[:1], Pipeline) and len(pipe[:1]) == 1
    assert pipe[0] is pipe.named_steps["scaler"] is pipe["scaler"] is pipe.named_steps.scaler
    with pytest.raises(ValueError, match="Pipeline slicing only supports a step of 1"):
        pipe[::2]
    assert_allclose(pipe[:-1].transform(X), StandardScaler().fit_transform(X))


def test_pipeline_params_and_passthrough(digits):
    X, y = digits
    pipe = make_pipeline(StandardScaler(), RidgeClassifier())
    assert [n for n, _ in pipe.steps] == ["standardscaler", "ridgeclassifier"]
    pipe.set_params(ridgeclassifier__alpha=7.0, standardscaler="passthrough")
    assert pipe.get_params()["ridgeclassifier__alpha"] == 7.0
    assert pipe.steps[0][1] == "passthrough"
    pipe.fit(X, y)
    assert_array_equal(pipe.predict(X[:20]), RidgeClassifier(alpha=7.0).fit(X, y).predict(X[:20]))
    cloned = clone(pipe)
    assert cloned.get_params()["ridgeclassifier__alpha"] == 7.0
    with pytest.raises(ValueError, match="Names provided are not unique"):
        Pipeline([("a", StandardScaler()), ("a", Ridge())]).fit(X, y)
    with pytest.raises(TypeError, match="All intermediate steps should be transformers"):
        Pipeline([("r", Ridge()), ("s", StandardScaler())]).fit(X, y)
    with pytest.raises(ValueError, match="Pipeline.fit does not accept the sample_weight"):
        Pipeline([("s", StandardScaler()), ("r", Ridge())]).fit(X, y, sample_weight=y)
    pipe = Pipeline([("s", StandardScaler()), ("r", Ridge())])
    pipe.fit(X, y, s__sample_weight=np.ones(len(y)))
    assert_allclose(pipe.named_steps.s.n_samples_seen_, len(y))


def test_pipeline_inverse_transform_and_feature_names(digits):
    X, _ = digits
    pipe = Pipeline([("std", StandardScaler()), ("mm", MinMaxScaler()), ("none", None)])
    Xt = pipe.fit_transform(X)
    assert_allclose(pipe.inverse_transform(Xt), X, atol=1e-10)
    assert_array_equal(pipe.get_feature_names_out(), [f"x{i}" for i in range(64)])


def test_pipeline_matches_sklearn_pipeline_and_mixes_steps(digits):
    sk_pipeline = require("sklearn.pipeline")
    sk_pre = require("sklearn.preprocessing")
    X, y = digits
    ours = Pipeline([("s", sk_pre.StandardScaler()), ("clf", RidgeClassifier())]).fit(X, y)
    ref = sk_pipeline.Pipeline([("s", StandardScaler()), ("clf", RidgeClassifier())])
    ref.fit(X, y)
    assert_array_equal(ours.predict(X), ref.predict(X))
    assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-10)


def test_pipeline_set_output_pandas(digits):
    pd = require("pandas")
    X, _ = digits
    df = pd.DataFrame(X[:, :3], columns=["a", "b", "c"])
    pipe = make_pipeline(StandardScaler(), MinMaxScaler()).set_output(transform="pandas")
    out = pipe.fit_transform(df)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["a", "b", "c"]
    assert_array_equal(pipe.feature_names_in_, ["a", "b", "c"])


@pytest.mark.timeout(120)
def test_pipeline_memory_caches_transformers(digits, tmp_path):
    X, y = digits
    N_FITS.clear()
    for memory in (str(tmp_path / "aiguille"),):
        pipe = Pipeline([("count", CountingScaler()), ("ridge", Ridge())], memory=memory)
        for alpha in (0.1, 1.0, 10.0):
            pipe.set_params(ridge__alpha=alpha).fit(X, y)
        assert len(N_FITS) == 1  # the transformer was fitted once, then loaded
        plain = Pipeline([("count", CountingScaler()), ("ridge", Ridge(alpha=10.0))]).fit(X, y)
        assert_allclose(pipe.predict(X), plain.predict(X))
        pipe.set_params(count__factor=2.0).fit(X, y)  # new parameters: fitted again
        assert len(N_FITS) == 3


@pytest.mark.timeout(120)
def test_pipeline_memory_joblib_and_custom_cache(digits, tmp_path):
    joblib = require("joblib")
    X, y = digits
    N_FITS.clear()
    pipe = Pipeline(
        [("count", CountingScaler()), ("ridge", Ridge())],
        memory=joblib.Memory(tmp_path, verbose=0),
    )
    pipe.fit(X, y)
    pipe.set_params(ridge__alpha=3.0).fit(X, y)
    assert len(N_FITS) == 1

    class Recorder:
        location = "somewhere"

        def __init__(self):
            self.calls = 0

        def cache(self, func):
            def wrapped(*args, **kwargs):
                self.calls += 1
                return func(*args, **kwargs)

            return wrapped

    rec = Recorder()
    Pipeline([("count", CountingScaler()), ("ridge", Ridge())], memory=rec).fit(X, y)
    assert rec.calls == 1
    with pytest.raises(ValueError, match="The 'memory' parameter of Pipeline must be None"):
        Pipeline([("s", StandardScaler())], memory=object()).fit(X)


def test_feature_union_matches_sklearn(digits):
    sk_pipeline = require("sklearn.pipeline")
    X, _ = digits
    ours = FeatureUnion(
        [
            ("std", StandardScaler()),
            ("mm", MinMaxScaler()),
            ("skip", "drop"),
            ("raw", "passthrough"),
        ],
        transformer_weights={"mm": 2.0},
    )
    ref = sk_pipeline.FeatureUnion(
        [
            ("std", StandardScaler()),
            ("mm", MinMaxScaler()),
            ("skip", "drop"),
            ("raw", "passthrough"),
        ],
        transformer_weights={"mm": 2.0},
    )
    assert_allclose(ours.fit_transform(X), ref.fit_transform(X), rtol=1e-12)
    assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-12)
    assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())
    union = make_union(StandardScaler(), MinMaxScaler(), n_jobs=2)
    expected = np.hstack([StandardScaler().fit_transform(X), MinMaxScaler().fit_transform(X)])
    assert_allclose(union.fit_transform(X), expected, rtol=1e-12)
    assert_allclose(union.transform(X), expected, rtol=1e-12)
    assert union.named_transformers.standardscaler.n_features_in_ == 64
    with pytest.raises(ValueError, match="are not unique"):
        FeatureUnion(
            [("a", StandardScaler()), ("b", MinMaxScaler())], verbose_feature_names_out=False
        ).fit(X).get_feature_names_out()


@pytest.mark.timeout(300)
def test_ai4i_pipeline():
    pd = require("pandas")
    sk_pipeline = require("sklearn.pipeline")
    sk_compose = require("sklearn.compose")
    sk_pre = require("sklearn.preprocessing")
    from aiguille.compose import make_column_transformer

    data = load_ai4i(as_frame=True)
    X, y = data.data, data.target
    assert isinstance(X, pd.DataFrame)
    pipe = make_pipeline(
        make_column_transformer((OneHotEncoder(), ["Type"]), remainder=StandardScaler()),
        RidgeClassifier(),
    )
    pipe.fit(X, y)
    names = pipe[:-1].get_feature_names_out()
    assert list(names[:3]) == [
        "onehotencoder__Type_H",
        "onehotencoder__Type_L",
        "onehotencoder__Type_M",
    ]
    assert names[3] == "remainder__Air temperature [K]"
    assert pipe.score(X, y) > 0.96
    ref = sk_pipeline.make_pipeline(
        sk_compose.make_column_transformer(
            (sk_pre.OneHotEncoder(), ["Type"]), remainder=sk_pre.StandardScaler()
        ),
        RidgeClassifier(),
    ).fit(X, y)
    assert_allclose(pipe[:-1].transform(X), ref[:-1].transform(X), rtol=1e-12, atol=1e-12)
    assert_array_equal(names, ref[:-1].get_feature_names_out())
    assert (pipe.predict(X) == ref.predict(X)).mean() > 0.999


@pytest.mark.timeout(300)
def test_grid_search_over_last_step_reuses_cached_transformers(digits, tmp_path):
    from aiguille.model_selection import GridSearchCV

    X, y = digits
    N_FITS.clear()
    pipe = Pipeline([("count", CountingScaler()), ("ridge", Ridge())], memory=str(tmp_path))
    grid = {"ridge__alpha": [0.1, 1.0, 10.0, 100.0]}
    search = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    # one transformer fit per fold plus the refit, not one per (candidate, fold)
    assert len(N_FITS) == 3 + 1
    assert search.best_params_["ridge__alpha"] in grid["ridge__alpha"]
