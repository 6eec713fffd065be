#!/usr/bin/env python3
"""ci_recipe.py KIND RECIPE WORKDIR CACHE_DIR — run one pipeline of a CI
recipe from docs/ci/ the way its CI service would, as far as hitrust-assess
is concerned (tests/e2e/t_ci_recipes.sh).

KIND is github (a workflow: jobs.*.steps) or gitlab (jobs with script and
after_script). Only the shell steps that invoke hitrust-assess (a line whose
first word is hitrust-assess) run, in WORKDIR, a fresh checkout; `uses:`
steps and the install step do not. The cache is simulated: CACHE_DIR holds
.hitrust/baseline.json between pipelines; it is restored before the job and
saved when the recipe would save it (GitHub: the actions/cache/save step's
condition; GitLab: a successful job). The branch is main.

GitHub step conditions understood: always(), success(), the cache-miss test
of the restore step, github.ref == 'refs/heads/main', joined by &&. Any
other condition is an error (exit 3), so a changed recipe cannot slip by.
Prints "step NAME STATUS" per step run and "job pass|fail".
"""
import os
import re
import shutil
import subprocess
import sys

import yaml

kind, recipe, work, cache = sys.argv[1:5]
doc = yaml.safe_load(open(recipe))
base = os.path.join(".hitrust", "baseline.json")
cached = os.path.join(cache, "baseline.json")
os.makedirs(os.path.join(work, ".hitrust"), exist_ok=True)
cache_hit = os.path.exists(cached)
if cache_hit:
    shutil.copy(cached, os.path.join(work, base))
env = dict(os.environ, GITHUB_STEP_SUMMARY=os.path.join(work, "step-summary.md"),
           GITHUB_REF="refs/heads/main", CI_COMMIT_BRANCH="main", CI_DEFAULT_BRANCH="main")


def invokes(script):
    return any(l.strip().split(" ", 1)[0] == "hitrust-assess" or " hitrust-assess " in l
               for l in script.splitlines())


def run(name, script):
    r = subprocess.run(["sh", "-e", "-c", script], cwd=work, env=env)
    print(f"step {name} {r.returncode}")
    return r.returncode


def save():
    os.makedirs(cache, exist_ok=True)
    shutil.copy(os.path.join(work, base), cached)


def cond(expr, ok):
    val = True
    for part in [p.strip() for p in expr.split("&&")]:
        if part == "always()":
            continue
        elif part == "success()":
            val = val and ok
        elif re.fullmatch(r"steps\.\w+\.outputs\.cache-hit != 'true'", part):
            val = val and not cache_hit
        elif part == "github.ref == 'refs/heads/main'":
            val = val and True
        else:
            print(f"unknown condition: {part}")
            sys.exit(3)
    # without always(), a step runs only while the job succeeds
    return val and (ok or "always()" in expr)


ok = True
if kind == "github":
    for job in doc["jobs"].values():
        for st in job["steps"]:
            name = st.get("name", st.get("uses", "?"))
            if not cond(st.get("if", "success()"), ok):
                continue
            if "uses" in st:
                if st["uses"].startswith("actions/cache/save"):
                    save()
                continue
            if not invokes(st["run"]):
                continue
            if run(name, st["run"]) != 0:
                ok = False
else:
    for name, job in doc.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        for line in job["script"]:
            if ok and invokes(line) or (ok and line.startswith("mkdir")):
                if run(name + ": " + line.split("\n")[0][:60], line) != 0:
                    ok = False
        for line in job.get("after_script", []):
            if invokes(line):
                run(name + " after: " + line[:60], line)
        if ok:
            save()
print("job " + ("pass" if ok else "fail"))
