"""Target encoders: LabelEncoder, LabelBinarizer and label_binarize."""

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..utils._param_validation import validate_params
from ..utils.multiclass import type_of_target, unique_labels
from ..utils.validation import _num_samples, check_array, check_is_fitted, column_or_1d, issparse
from ._encode import _encode, _unique

__all__ = ["LabelBinarizer", "LabelEncoder", "label_binarize"]


class LabelEncoder(TransformerMixin, BaseEstimator):
    """Encode target labels with values between 0 and n_classes-1.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The sorted labels.

    Examples
    --------
    >>> from aiguille.preprocessing import LabelEncoder
    >>> le = LabelEncoder().fit(["paris", "paris", "tokyo", "amsterdam"])
    >>> le.classes_.tolist()
    ['amsterdam', 'paris', 'tokyo']
    >>> le.transform(["tokyo", "paris"])
    array([2, 1])
    >>> le.inverse_transform([2, 0]).tolist()
    ['tokyo', 'amsterdam']
    """

    def fit(self, y):
        """Learn the sorted labels.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Target values.

        Returns
        -------
        self : object
        """
        y = column_or_1d(y, warn=True)
        self.classes_ = _unique(y)
        return self

    def fit_transform(self, y):
        """Learn the labels and return the encoded targets.

        Parameters
        ----------
        y : array-like of shape (n_samples,)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        y = column_or_1d(y, warn=True)
        self.classes_, y = _unique(y, return_inverse=True)
        return y

    def transform(self, y):
        """Encode labels.

        Parameters
        ----------
        y : array-like of shape (n_samples,)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        y = column_or_1d(y, dtype=self.classes_.dtype, warn=True)
        if _num_samples(y) == 0:
            return np.array([])
        return _encode(y, uniques=self.classes_)

    def inverse_transform(self, y):
        """Labels of the codes ``y``.

        Parameters
        ----------
        y : array-like of shape (n_samples,)

        Returns
        -------
        y_original : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        y = column_or_1d(y, warn=True)
        if _num_samples(y) == 0:
            return np.array([])
        diff = np.setdiff1d(y, np.arange(len(self.classes_)))
        if len(diff):
            raise ValueError(f"y contains previously unseen labels: {diff}")
        return self.classes_[np.asarray(y)]

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.two_d_array = False
        tags.target_tags.one_d_labels = True
        return tags


class LabelBinarizer(TransformerMixin, BaseEstimator):
    """Binarize labels in a one-vs-all fashion.

    Parameters
    ----------
    neg_label : int, default=0
        Value for negative labels.
    pos_label : int, default=1
        Value for positive labels.
    sparse_output : bool, default=False
        Return a CSR sparse matrix.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    y_type_ : str
        Type of the target seen in fit ("binary", "multiclass", "multilabel-indicator").
    sparse_input_ : bool
        Whether y was sparse in fit.

    Examples
    --------
    >>> from aiguille.preprocessing import LabelBinarizer
    >>> LabelBinarizer().fit_transform([1, 2, 6, 2])
    array([[1, 0, 0],
           [0, 1, 0],
           [0, 0, 1],
           [0, 1, 0]])
    """

    _parameter_constraints = {
        "neg_label": [int],
        "pos_label": [int],
        "sparse_output": ["boolean"],
    }

    def __init__(self, *, neg_label=0, pos_label=1, sparse_output=False):
        self.neg_label = neg_label
        self.pos_label = pos_label
        self.sparse_output = sparse_output

    def fit(self, y):
        """Learn the class labels.

        Parameters
        ----------
        y : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Target values (a 0/1 matrix for multilabel targets).

        Returns
        -------
        self : object
        """
        self._validate_params()
        if self.neg_label >= self.pos_label:
            raise ValueError(
                f"neg_label={self.neg_label} must be strictly less than "
                f"pos_label={self.pos_label}."
            )
        if self.sparse_output and (self.pos_label == 0 or self.neg_label != 0):
            raise ValueError(
                "Sparse binarization is only supported with non "
                "zero pos_label and zero neg_label, got "
                f"pos_label={self.pos_label} and neg_label={self.neg_label}"
            )
        y_type = type_of_target(y, input_name="y")
        if "multioutput" in y_type:
            raise ValueError("Multioutput target data is not supported with label binarization")
        if _num_samples(y) == 0:
            raise ValueError(f"y has 0 samples: {y!r}")
        self.y_type_ = y_type
        self.sparse_input_ = issparse(y)
        self.classes_ = unique_labels(y)
        return self

    def fit_transform(self, y):
        """Learn the class labels and binarize y.

        Returns
        -------
        Y : {ndarray, sparse matrix} of shape (n_samples, n_classes)
            (n_samples, 1) for binary problems.
        """
        return self.fit(y).transform(y)

    def transform(self, y):
        """Binarize y.

        Parameters
        ----------
        y : {array, sparse matrix} of shape (n_samples,) or (n_samples, n_classes)

        Returns
        -------
        Y : {ndarray, sparse matrix} of shape (n_samples, n_classes)
            (n_samples, 1) for binary problems.
        """
        check_is_fitted(self)
        y_is_multilabel = type_of_target(y).startswith("multilabel")
        if y_is_multilabel and not self.y_type_.startswith("multilabel"):
            raise ValueError("The object was not fitted with multilabel input.")
        return label_binarize(
            y,
            classes=self.classes_,
            pos_label=self.pos_label,
            neg_label=self.neg_label,
            sparse_output=self.sparse_output,
        )

    def inverse_transform(self, Y, threshold=None):
        """Labels from a binarized matrix (argmax for multiclass, threshold otherwise).

        Parameters
        ----------
        Y : {ndarray, sparse matrix} of shape (n_samples, n_classes)
        threshold : float, default=None
            Threshold for binary and multilabel targets (default: halfway between
            ``neg_label`` and ``pos_label``).

        Returns
        -------
        y_original : {ndarray, sparse matrix} of shape (n_samples,)
        """
        check_is_fitted(self)
        if threshold is None:
            threshold = (self.pos_label + self.neg_label) / 2.0
        if issparse(Y):
            Y = Y.toarray()
        Y = np.asarray(Y)
        if self.y_type_ == "multiclass":
            y_inv = self.classes_.take(Y.argmax(axis=1), mode="clip")
        else:
            y_inv = _inverse_binarize_thresholding(Y, self.y_type_, self.classes_, threshold)
        if self.sparse_input_:
            import scipy.sparse as sp

            y_inv = sp.csr_matrix(y_inv)
        return y_inv

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.two_d_array = False
        tags.target_tags.one_d_labels = True
        return tags


def _inverse_binarize_thresholding(y, output_type, classes, threshold):
    if output_type == "binary" and y.ndim == 2 and y.shape[1] > 2:
        raise ValueError(f"output_type='binary', but y.shape = {y.shape}")
    if output_type != "binary" and y.shape[1] != len(classes):
        raise ValueError("The number of class is not equal to the number of dimension of y.")
    classes = np.asarray(classes)
    y = (y > threshold).astype(int)
    if output_type == "binary":
        if y.ndim == 2 and y.shape[1] == 2:
            return classes[y[:, 1]]
        if len(classes) == 1:
            return np.repeat(classes[0], len(y))
        return classes[y.ravel()]
    return y


def label_binarize(y, *, classes, neg_label=0, pos_label=1, sparse_output=False):
    """Binarize labels in a one-vs-all fashion, for a known set of classes.

    Parameters
    ----------
    y : array-like or sparse matrix
        Labels (1-D) or a multilabel 0/1 matrix.
    classes : array-like of shape (n_classes,)
        All the class labels.
    neg_label : int, default=0
    pos_label : int, default=1
    sparse_output : bool, default=False
        Return a CSR sparse matrix.

    Returns
    -------
    Y : {ndarray, sparse matrix} of shape (n_samples, n_classes)
        (n_samples, 1) for binary problems.

    Examples
    --------
    >>> from aiguille.preprocessing import label_binarize
    >>> label_binarize([1, 6], classes=[1, 2, 4, 6])
    array([[1, 0, 0, 0],
           [0, 0, 0, 1]])
    """
    import scipy.sparse as sp

    if not isinstance(y, list):
        y = check_array(y, input_name="y", accept_sparse="csr", ensure_2d=False, dtype=None)
    elif _num_samples(y) == 0:
        raise ValueError(f"y has 0 samples: {y!r}")
    if neg_label >= pos_label:
        raise ValueError(
            f"neg_label={neg_label} must be strictly less than pos_label={pos_label}."
        )
    if sparse_output and (pos_label == 0 or neg_label != 0):
        raise ValueError(
            "Sparse binarization is only supported with non "
            "zero pos_label and zero neg_label, got "
            f"pos_label={pos_label} and neg_label={neg_label}"
        )
    pos_switch = pos_label == 0
    if pos_switch:
        pos_label = -neg_label
    y_type = type_of_target(y)
    if "multioutput" in y_type:
        raise ValueError("Multioutput target data is not supported with label binarization")
    if y_type == "unknown":
        raise ValueError("The type of target data is not known")
    classes = np.asarray(classes)
    n_samples = y.shape[0] if hasattr(y, "shape") else len(y)
    n_classes = len(classes)
    if hasattr(y, "dtype") and y.dtype.kind in "iu":
        classes = classes.astype(y.dtype, copy=False)
    if y_type == "binary":
        if n_classes == 1:
            if sparse_output:
                return sp.csr_matrix((n_samples, 1), dtype=int)
            return np.zeros((n_samples, 1), dtype=int) + neg_label
        if n_classes >= 3:
            y_type = "multiclass"
    sorted_class = np.sort(classes)
    if y_type == "multilabel-indicator":
        y_n_classes = y.shape[1] if hasattr(y, "shape") else len(y[0])
        if n_classes != y_n_classes:
            raise ValueError(
                f"classes {classes} mismatch with the labels {unique_labels(y)} found in the data"
            )
    if y_type in ("binary", "multiclass"):
        y = column_or_1d(y)
        y_in_classes = np.isin(y, classes)
        y_seen = y[y_in_classes]
        indices = np.searchsorted(sorted_class, y_seen)
        indptr = np.hstack((0, np.cumsum(y_in_classes)))
        data = np.full_like(indices, pos_label)
        Y = sp.csr_matrix((data, indices, indptr), shape=(n_samples, n_classes))
    elif y_type == "multilabel-indicator":
        Y = sp.csr_matrix(y)
        if pos_label != 1:
            Y.data = np.full_like(Y.data, pos_label)
    else:
        raise ValueError(f"{y_type} target data is not supported with label binarization")
    if not sparse_output:
        Y = Y.toarray()
        if neg_label != 0:
            Y[Y == 0] = neg_label
        if pos_switch:
            Y[Y == pos_label] = 0
        Y = Y.astype(int, copy=False)
    else:
        Y.data = Y.data.astype(int, copy=False)
    if np.any(classes != sorted_class):
        indices = np.searchsorted(sorted_class, classes)
        Y = Y[:, indices]
    if y_type == "binary":
        Y = Y[:, [-1]] if sparse_output else Y[:, -1].reshape((-1, 1))
    return Y


label_binarize = validate_params(
    {
        "y": ["array-like", "sparse matrix"],
        "classes": ["array-like"],
        "neg_label": [int],
        "pos_label": [int],
        "sparse_output": ["boolean"],
    }
)(label_binarize)
