#!/usr/bin/python3
"""Trains small scikit-learn models (Debian's python3-sklearn 1.2.1) and pickles them, with sklearn's own float64
predict / predict_proba outputs on held-out rows, for netjac's tools/netjac-sklearn tests.

Output: generator/src/test/resources/sklearn/<name>/{model.pkl or model.joblib, expected.json}. Deterministic
(random_state everywhere). The digits classifier's test accuracy is recorded in expected.json and README.md.
"""
import json
import os
import pickle
import warnings

import joblib
import numpy as np
from sklearn.datasets import load_digits, make_classification, make_regression
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "generator", "src", "test", "resources", "sklearn")
ROWS = 6


def save(name, model, x_test, extra=None, joblib_file=False):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    if joblib_file:
        joblib.dump(model, os.path.join(folder, "model.joblib"))
    else:
        with open(os.path.join(folder, "model.pkl"), "wb") as f:
            pickle.dump(model, f, protocol=4)
    x = np.asarray(x_test[:ROWS], dtype=np.float64)
    final = model.steps[-1][1] if isinstance(model, Pipeline) else model
    if isinstance(final, MLPClassifier):
        y, what = model.predict_proba(x), "predict_proba"
    else:
        y, what = model.predict(x).reshape(len(x), -1), "predict"
    record = {"model": " -> ".join(type(s).__name__ for _, s in model.steps) if isinstance(model, Pipeline)
              else type(model).__name__, "output": what, "x": x.tolist(), "y": y.tolist()}
    record.update(extra or {})
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(record, f, indent=1)
    print(f"{name}: {record['model']}, {what}, {x.shape[1]} inputs -> {y.shape[1]} outputs"
          + (f", accuracy {extra['test_accuracy']:.4f}" if extra else ""))


def main():
    warnings.simplefilter("ignore", ConvergenceWarning)

    digits = load_digits()
    xtr, xte, ytr, yte = train_test_split(digits.data, digits.target, test_size=0.25, random_state=0)
    model = Pipeline([("scale", StandardScaler()),
                      ("mlp", MLPClassifier(hidden_layer_sizes=(24,), max_iter=400, random_state=0))]).fit(xtr, ytr)
    accuracy = float(model.score(xte, yte))
    save("digits_pipeline", model, xte, {"dataset": "sklearn.datasets.load_digits, 25% held out (random_state 0)",
                                         "test_accuracy": accuracy})

    x, y = make_classification(n_samples=300, n_features=5, n_informative=3, random_state=1)
    model = MLPClassifier(hidden_layer_sizes=(8, 4), activation="tanh", max_iter=300, random_state=1).fit(x[:250], y[:250])
    save("binary_classifier", model, x[250:])

    x, y = make_regression(n_samples=300, n_features=4, n_targets=2, noise=0.1, random_state=2)
    model = MLPRegressor(hidden_layer_sizes=(10,), activation="logistic", max_iter=300, random_state=2).fit(x[:250], y[:250])
    save("regressor", model, x[250:], joblib_file=True)

    x, y = make_regression(n_samples=300, n_features=6, noise=0.1, random_state=3)
    x = x * np.array([1, 10, 100, 0.1, 5, 1]) + np.array([0, 5, -50, 1, 0, 3])
    model = Pipeline([("standardscaler", StandardScaler()),
                      ("mlpregressor", MLPRegressor(hidden_layer_sizes=(16, 8), max_iter=300, random_state=3))]).fit(x[:250], y[:250])
    save("standard_scaler_regressor", model, x[250:])

    x, y = make_classification(n_samples=300, n_features=4, n_informative=3, n_redundant=0, n_classes=3, random_state=4)
    x = x * 3 + 1
    model = Pipeline([("minmax", MinMaxScaler()), ("maxabs", MaxAbsScaler()),
                      ("mlp", MLPClassifier(hidden_layer_sizes=(6,), activation="identity", max_iter=300, random_state=4))]).fit(x[:250], y[:250])
    save("scalers_classifier", model, x[250:])

    # refused: a PCA step, and a model that is no MLP
    x, y = make_regression(n_samples=60, n_features=4, random_state=5)
    model = Pipeline([("pca", PCA(n_components=2)), ("mlp", MLPRegressor(hidden_layer_sizes=(3,), max_iter=50, random_state=5))]).fit(x, y)
    save("refused_pca", model, x)
    model = LogisticRegression().fit(x, y > 0)
    save("refused_logistic", model, x)


if __name__ == "__main__":
    main()
