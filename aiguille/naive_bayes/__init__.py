"""Naive Bayes classifiers: Gaussian, multinomial, complement, Bernoulli, categorical."""

from ._discrete import BernoulliNB, CategoricalNB, ComplementNB, MultinomialNB
from ._gaussian import GaussianNB

__all__ = ["BernoulliNB", "CategoricalNB", "ComplementNB", "GaussianNB", "MultinomialNB"]
