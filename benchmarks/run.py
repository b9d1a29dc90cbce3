"""Run every benchmark module in this folder (`make bench`), one process each,
then print the short table of benchmarks/results/latest.json."""

import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
HELPERS = {"__init__", "run", "common"}


def main():
    failed = []
    for path in sorted(HERE.glob("*.py")):
        if path.stem in HELPERS:
            continue
        print(f"== benchmarks.{path.stem}", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{path.stem}", *sys.argv[1:]], cwd=HERE.parent).returncode:
            failed.append(path.stem)
    summary()
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


def summary():
    """The headline figures, each beside its floor from the same run."""
    from benchmarks.common import RESULTS, table

    try:
        data = json.loads((RESULTS / "latest.json").read_text())
    except (OSError, ValueError):
        return
    rows = []
    pdf = data.get("consolidated_list_pdf")
    if pdf:
        langs = pdf["languages"]
        worst = max(v["typst_s"] for v in langs.values())
        rows.append([f"consolidated list PDF, {pdf['applications']} rows, slowest of 6 languages (Typst)",
                     f"{worst:.2f} s", f"target < {pdf['target_s']:.0f} s"])
        if all("weasyprint_s" in v for v in langs.values()):
            rows.append(["  same list, WeasyPrint with a lean table (slowest language)",
                         f"{max(v['weasyprint_s'] for v in langs.values()):.2f} s", ""])
        rows.append(["export link while being prepared / stored file served",
                     f"{pdf['request_while_preparing_ms']:.0f} / {pdf['stored_download_ms']:.0f} ms",
                     f"floor {pdf['floor_ms']:.2f} ms"])
    scale = data.get("scale_and_load")
    if scale:
        floor = scale["pages"]["floor_ms"]
        for label, page in scale["pages"]["pages"].items():
            rows.append([label, f"{page['ms']:.1f} ms", f"{page['ratio_to_floor']:.1f}x floor ({floor:.2f} ms)"])
        load = scale["load"]
        rows.append([f"load {load['clients']} clients x {load['seconds']} s: p95 / errors",
                     f"{load['p95_ms']:.0f} ms / {load['errors']}", "target < 300 ms / 0"])
        rows.append(["  throughput", f"{load['rps']:.0f} req/s", f"floor {load['floor_rps']:.0f} req/s"])
        if "server_cpu_ms_per_request" in load:
            rows.append(["  server CPU per request", f"{load['server_cpu_ms_per_request']:.1f} ms",
                         f"floor {load['floor_server_cpu_ms_per_request']:.2f} ms"])
        rows.append(["  web worker resident memory after the load (max)", f"{load['max_worker_rss_mb']:.0f} MB",
                     "target < 200 MB"])
    if rows:
        print(f"\n== summary ({data.get('machine', '')})")
        table(rows, ["figure", "measured", "beside"])


if __name__ == "__main__":
    main()
