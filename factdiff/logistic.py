"""A small logistic model in pure Python: fitted offline on labelled gold sets, applied per fact at run time.

The engine's learned decisions (restated or new, which baseline fact) are each a weighted sum of a few bounded
inputs. Fitting is full-batch gradient descent with an L2 penalty on standardised inputs: a few hundred rows,
deterministic, no third-party library. Applying is one dot product and a sigmoid.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

WEIGHTS_DIR = Path(__file__).with_name("weights")


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class LogisticModel:
    """P(yes) = sigmoid(bias + sum w * (x - mean) / scale) over inputs named ``features``."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.5

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(
            w * (xi - m) / s for w, xi, m, s in zip(self.weights, x, self.mean, self.scale, strict=True)
        )
        return _sigmoid(z)

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, object], features: Sequence[str]) -> LogisticModel:
        """Read weights; refuse a file fitted for other inputs (the engine changed since it was fitted)."""
        if data.get("features") != list(features):
            raise ValueError(
                f"weights are for inputs {data.get('features')}, the engine reads {list(features)}"
            )

        def floats(key: str) -> tuple[float, ...]:
            value = data[key]
            if not isinstance(value, list) or len(value) != len(features):
                raise ValueError(f"weights: {key} must be a list of {len(features)} numbers")
            return tuple(float(v) for v in value)

        return cls(
            features=tuple(features),
            weights=floats("weights"),
            bias=float(data["bias"]),  # type: ignore[arg-type]
            mean=floats("mean"),
            scale=floats("scale"),
            threshold=float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
        )


def load(name: str, features: Sequence[str]) -> LogisticModel | None:
    """The weights shipped as ``weights/<name>.json``; None when they have not been fitted."""
    path = WEIGHTS_DIR / f"{name}.json"
    if not path.exists():
        return None
    return LogisticModel.from_json(json.loads(path.read_text(encoding="utf-8")), features)


def save(name: str, model: LogisticModel) -> Path:
    WEIGHTS_DIR.mkdir(exist_ok=True)
    path = WEIGHTS_DIR / f"{name}.json"
    path.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    return path


def fit(
    rows: Sequence[tuple[Sequence[float], int]],
    features: Sequence[str],
    *,
    l2: float = 2.0,
    epochs: int = 400,
    rate: float = 0.5,
) -> LogisticModel:
    """Fit on ``rows`` of (inputs, 1 or 0). Deterministic: the same rows give the same weights."""
    if not rows:
        raise ValueError("no training rows")
    n, d = len(rows), len(features)
    if any(len(x) != d for x, _ in rows):
        raise ValueError(f"every row needs {d} inputs")
    mean = [sum(x[j] for x, _ in rows) / n for j in range(d)]
    scale = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x, _ in rows) / n) or 1.0 for j in range(d)]
    xs = [[(x[j] - mean[j]) / scale[j] for j in range(d)] for x, _ in rows]
    ys = [y for _, y in rows]
    pos = min(max(sum(ys) / n, 1e-3), 1 - 1e-3)
    bias = math.log(pos / (1 - pos))
    w = [0.0] * d
    for _ in range(epochs):
        gw = [0.0] * d
        gb = 0.0
        for x, y in zip(xs, ys, strict=True):
            err = _sigmoid(bias + sum(wj * xj for wj, xj in zip(w, x, strict=True))) - y
            gb += err
            for j in range(d):
                gw[j] += err * x[j]
        bias -= rate * gb / n
        for j in range(d):
            w[j] -= rate * (gw[j] / n + l2 * w[j] / n)
    return LogisticModel(tuple(features), tuple(w), bias, tuple(mean), tuple(scale))
