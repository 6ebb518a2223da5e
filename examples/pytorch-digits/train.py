#!/usr/bin/python3
"""Train a small MLP on scikit-learn's bundled 8x8 digits and export it as ONNX.

A real, small training workload for Gantry. Needs only Debian's python3-torch,
python3-sklearn and python3-onnx (no downloads: the digits data ships with scikit-learn).

Environment (set by Gantry for a job; all optional when run by hand):
  GANTRY_OUTPUT         where model.onnx and metrics.json go (default: ./output)
  GANTRY_METRICS        a file to append one JSON line per epoch to:
                        {"step": .., "epoch": .., "loss": .., "accuracy": ..}
  CUDA_VISIBLE_DEVICES  the GPUs this job may use (CUDA is used when torch sees one)

The exported model takes input "x", float32 [N, 64], raw digit pixels in 0..16 as
sklearn.datasets.load_digits() returns them (the scaling is inside the model), and returns
"logits", float32 [N, 10]. The batch dimension is dynamic.

Exit status: 0 on success; 1 when test accuracy is below --min-accuracy (no model is
written then); 2 on bad arguments.
"""

import argparse
import inspect
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def parse_args(argv):
    p = argparse.ArgumentParser(description="Train an MLP on sklearn digits and export ONNX.")
    p.add_argument("--epochs", type=int, default=30, help="training epochs (default 30)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=3e-3, help="Adam learning rate (default 0.003)")
    p.add_argument("--hidden", type=int, default=64, help="hidden layer width")
    p.add_argument("--seed", type=int, default=0, help="seed for the split and the weights")
    p.add_argument("--test-size", type=float, default=0.25)
    p.add_argument("--min-accuracy", type=float, default=0.85,
                   help="fail (exit 1) when final test accuracy is below this (default 0.85)")
    p.add_argument("--output", default=None,
                   help="output directory (default: $GANTRY_OUTPUT, else ./output)")
    args = p.parse_args(argv)
    if args.epochs < 1:
        p.error("--epochs must be at least 1")
    if args.batch_size < 1:
        p.error("--batch-size must be at least 1")
    return args


class DigitsMlp(nn.Module):
    """64 -> hidden -> 10, with the 0..16 pixel scaling built in."""

    def __init__(self, hidden):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, 10))

    def forward(self, x):
        return self.net(x / 16.0)


def log(msg):
    print(msg, flush=True)


def cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def evaluate(model, x, y, loss_fn):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        loss = loss_fn(logits, y).item()
        acc = (logits.argmax(dim=1) == y).float().mean().item()
    return loss, acc


def export_onnx(model, path):
    """Export with the TorchScript-based exporter; dynamic batch axis."""
    kwargs = dict(
        input_names=["x"],
        output_names=["logits"],
        dynamic_axes={"x": {0: "N"}, "logits": {0: "N"}},
        opset_version=17,
        do_constant_folding=True,
    )
    # torch >= 2.5 grew a `dynamo` switch (its default became True in 2.9, which needs
    # onnxscript); the classic exporter needs nothing extra, so ask for it where it exists.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    dummy = torch.zeros(2, 64, dtype=torch.float32)
    torch.onnx.export(model, (dummy,), path, **kwargs)


def check_onnx(path):
    import onnx

    m = onnx.load(path)
    onnx.checker.check_model(m)
    inputs = [i.name for i in m.graph.input]
    outputs = [o.name for o in m.graph.output]
    if inputs != ["x"] or outputs != ["logits"]:
        raise RuntimeError(f"unexpected ONNX signature: inputs {inputs}, outputs {outputs}")
    dims = m.graph.input[0].type.tensor_type.shape.dim
    shape = [d.dim_param or d.dim_value for d in dims]
    return m, shape


def append_metrics(path, record):
    if not path:
        return
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def main(argv=None):
    args = parse_args(argv)
    started = time.monotonic()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(max(1, min(cpu_count(), 4)))

    cvd = os.environ.get("CUDA_VISIBLE_DEVICES")
    use_cuda = torch.cuda.is_available()
    device = torch.device("cuda" if use_cuda else "cpu")
    log(f"torch {torch.__version__}; device: {device}"
        + (f" ({torch.cuda.get_device_name(0)})" if use_cuda else "")
        + f"; CUDA_VISIBLE_DEVICES={'set to ' + repr(cvd) if cvd is not None else 'not set'}")

    out_dir = args.output or os.environ.get("GANTRY_OUTPUT") or os.path.join(".", "output")
    os.makedirs(out_dir, exist_ok=True)
    metrics_path = os.environ.get("GANTRY_METRICS") or None

    digits = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        digits.data.astype(np.float32), digits.target.astype(np.int64),
        test_size=args.test_size, random_state=args.seed, stratify=digits.target)
    log(f"data: {len(x_train)} train, {len(x_test)} test samples, 64 features, 10 classes")

    xt = torch.from_numpy(x_train).to(device)
    yt = torch.from_numpy(y_train).to(device)
    xv = torch.from_numpy(x_test).to(device)
    yv = torch.from_numpy(y_test).to(device)

    model = DigitsMlp(args.hidden).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(args.seed)

    step = 0
    test_loss, test_acc = float("nan"), 0.0
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(len(xt), generator=gen).to(device)
        total, seen = 0.0, 0
        for i in range(0, len(xt), args.batch_size):
            idx = perm[i:i + args.batch_size]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            step += 1
            total += loss.item() * len(idx)
            seen += len(idx)
        train_loss = total / seen
        test_loss, test_acc = evaluate(model, xv, yv, loss_fn)
        log(f"epoch {epoch}/{args.epochs} step {step} loss {train_loss:.4f} "
            f"test_loss {test_loss:.4f} accuracy {test_acc:.4f}")
        append_metrics(metrics_path, {"step": step, "epoch": epoch,
                                      "loss": round(train_loss, 6), "accuracy": round(test_acc, 6)})

    seconds = time.monotonic() - started
    summary = {
        "test_accuracy": test_acc,
        "test_loss": test_loss,
        "epochs": args.epochs,
        "steps": step,
        "train_samples": len(x_train),
        "test_samples": len(x_test),
        "device": str(device),
        "torch_version": torch.__version__,
        "min_accuracy": args.min_accuracy,
        "passed": test_acc >= args.min_accuracy,
        "train_seconds": round(seconds, 3),
    }
    with open(os.path.join(out_dir, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")

    if test_acc < args.min_accuracy:
        print(f"error: test accuracy {test_acc:.4f} is below the required {args.min_accuracy:.4f}; "
              f"not exporting a model", file=sys.stderr, flush=True)
        return 1

    model_path = os.path.join(out_dir, "model.onnx")
    model.eval().to("cpu")
    export_onnx(model, model_path)
    _, shape = check_onnx(model_path)
    log(f"final test accuracy {test_acc:.4f}; model: {os.path.abspath(model_path)} "
        f"(input x float32 {shape}, output logits); metrics: "
        f"{os.path.abspath(os.path.join(out_dir, 'metrics.json'))}; {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
