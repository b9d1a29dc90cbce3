"""Run every benchmark module in this folder (`make bench`), one process each."""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main():
    failed = []
    for path in sorted(HERE.glob("*.py")):
        if path.stem in {"__init__", "run"}:
            continue
        print(f"== benchmarks.{path.stem}", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{path.stem}", *sys.argv[1:]], cwd=HERE.parent).returncode:
            failed.append(path.stem)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
